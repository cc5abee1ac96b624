package io.sluice.net.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;
import reactor.util.concurrent.Queues;

/**
 * Packs encoded records, each followed by a delimiter, into buffers of up to {@code maxBytes}
 * bytes, from what the source has already delivered. Buffers are packed and emitted by tasks on the
 * given executor (the connection's event loop): records that arrive while such a task is pending or
 * running go into the same buffers, and a task is submitted as soon as a record arrives and none is
 * pending, so a record is never held back waiting for more. A record larger than {@code maxBytes}
 * goes out alone in a buffer of its own size.
 *
 * <p>Backpressure: the source is asked for {@code prefetch} records up front and for more as they
 * are packed, so at most {@code prefetch} records wait here; each buffer emitted answers one unit
 * of the writer's demand.
 *
 * <p>Cancellation / resources: cancelling cancels the source and drops the records waiting (plain
 * arrays, nothing to release). Each emitted buffer is an unpooled heap buffer owned by the writer.
 *
 * <p>Errors: the source's error is passed on after the records it delivered before it.
 */
public final class RecordCoalescer extends Flux<ByteBuf> {

  private final Publisher<byte[]> records;
  private final byte[] delimiter;
  private final int maxBytes;
  private final int prefetch;
  private final Executor executor;

  private RecordCoalescer(
      Publisher<byte[]> records, byte[] delimiter, int maxBytes, int prefetch, Executor executor) {
    this.records = records;
    this.executor = executor;
    this.delimiter = delimiter;
    this.maxBytes = maxBytes;
    this.prefetch = prefetch;
  }

  /**
   * Creates the coalescing publisher.
   *
   * @param records the encoded records, without their delimiter
   * @param delimiter written after every record, for example a newline
   * @param maxBytes the largest buffer packed from several records, at least 1
   * @param prefetch the most records requested from the source and not yet packed, at least 1
   * @param executor runs the packing and the emission, for example the connection's event loop
   * @return a publisher that packs on each subscription
   */
  public static Flux<ByteBuf> of(
      Publisher<byte[]> records, byte[] delimiter, int maxBytes, int prefetch, Executor executor) {
    Objects.requireNonNull(records, "records");
    Objects.requireNonNull(delimiter, "delimiter");
    Objects.requireNonNull(executor, "executor");
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be at least 1, but was " + maxBytes);
    }
    if (prefetch < 1) {
      throw new IllegalArgumentException("prefetch must be at least 1, but was " + prefetch);
    }
    return new RecordCoalescer(records, delimiter.clone(), maxBytes, prefetch, executor);
  }

  @Override
  public void subscribe(CoreSubscriber<? super ByteBuf> actual) {
    records.subscribe(new Packer(actual, delimiter, maxBytes, prefetch, executor));
  }

  /** The subscriber to the records and the subscription of the writer, one per subscription. */
  private static final class Packer implements CoreSubscriber<byte[]>, Subscription, Runnable {

    private static final AtomicIntegerFieldUpdater<Packer> WIP =
        AtomicIntegerFieldUpdater.newUpdater(Packer.class, "wip");
    private static final AtomicLongFieldUpdater<Packer> REQUESTED =
        AtomicLongFieldUpdater.newUpdater(Packer.class, "requested");

    private final CoreSubscriber<? super ByteBuf> actual;
    private final byte[] delimiter;
    private final int maxBytes;
    private final int prefetch;
    private final int replenishAt;
    private final Queue<byte[]> queue;
    private final byte[][] batch;
    private final Executor executor;
    private @Nullable Subscription upstream;
    private int consumed;
    private volatile boolean done;
    private @Nullable Throwable error;
    private volatile boolean cancelled;

    @SuppressWarnings("UnusedVariable") // updated through WIP
    private volatile int wip;

    private volatile long requested;

    Packer(
        CoreSubscriber<? super ByteBuf> actual,
        byte[] delimiter,
        int maxBytes,
        int prefetch,
        Executor executor) {
      this.actual = actual;
      this.executor = executor;
      this.delimiter = delimiter;
      this.maxBytes = maxBytes;
      this.prefetch = prefetch;
      this.replenishAt = Math.max(1, prefetch - (prefetch >> 2));
      this.queue = Queues.<byte[]>get(prefetch).get();
      this.batch = new byte[prefetch][];
    }

    @Override
    public reactor.util.context.Context currentContext() {
      return actual.currentContext();
    }

    @Override
    public void onSubscribe(Subscription s) {
      if (Operators.validate(upstream, s)) {
        upstream = s;
        actual.onSubscribe(this);
        s.request(prefetch);
      }
    }

    @Override
    public void onNext(byte[] record) {
      if (done) {
        Operators.onNextDropped(record, actual.currentContext());
        return;
      }
      if (!queue.offer(record)) {
        Subscription s = upstream;
        if (s != null) {
          s.cancel();
        }
        onError(
            Operators.onOperatorError(
                s,
                new IllegalStateException(
                    "The source sent more records than the " + prefetch + " it was asked for"),
                record,
                actual.currentContext()));
        return;
      }
      drain();
    }

    @Override
    public void onError(Throwable t) {
      if (done) {
        Operators.onErrorDropped(t, actual.currentContext());
        return;
      }
      error = t;
      done = true;
      drain();
    }

    @Override
    public void onComplete() {
      if (done) {
        return;
      }
      done = true;
      drain();
    }

    @Override
    public void request(long n) {
      if (Operators.validate(n)) {
        Operators.addCap(REQUESTED, this, n);
        drain();
      }
    }

    @Override
    public void cancel() {
      if (cancelled) {
        return;
      }
      cancelled = true;
      Subscription s = upstream;
      if (s != null) {
        s.cancel();
      }
      drain();
    }

    /** Submits a packing task unless one is pending or running (it will see the new state). */
    private void drain() {
      if (WIP.getAndIncrement(this) != 0) {
        return;
      }
      try {
        executor.execute(this);
      } catch (RejectedExecutionException e) {
        // the loop is shutting down with its connection: pack here, the write will fail anyway
        run();
      }
    }

    @Override
    public void run() {
      int missed = 1;
      while (true) {
        long wanted = requested;
        long emitted = 0;
        while (emitted != wanted) {
          if (cancelled) {
            queue.clear();
            return;
          }
          boolean finished = done;
          byte[] first = queue.poll();
          if (first == null) {
            if (finished) {
              terminate();
              return;
            }
            break;
          }
          actual.onNext(pack(first));
          emitted++;
        }
        if (emitted == wanted) {
          if (cancelled) {
            queue.clear();
            return;
          }
          if (done && queue.isEmpty()) {
            terminate();
            return;
          }
        }
        if (emitted != 0 && wanted != Long.MAX_VALUE) {
          REQUESTED.addAndGet(this, -emitted);
        }
        missed = WIP.addAndGet(this, -missed);
        if (missed == 0) {
          return;
        }
      }
    }

    /** Packs the first record and those behind it that fit, then asks the source for more. */
    private ByteBuf pack(byte[] first) {
      int size = first.length + delimiter.length;
      int count = 1;
      byte[][] taken = batch;
      taken[0] = first;
      // Records are taken while the buffer stays within maxBytes; sizes are summed first so the
      // buffer is allocated once, at its final size.
      byte[] next = queue.peek();
      while (next != null
          && count < taken.length
          && size + next.length + delimiter.length <= maxBytes) {
        queue.poll();
        taken[count++] = next;
        size += next.length + delimiter.length;
        next = queue.peek();
      }
      byte[] packed = new byte[size];
      int at = 0;
      for (int i = 0; i < count; i++) {
        at = put(packed, at, taken[i]);
        taken[i] = null;
      }
      requestMore(count);
      return Unpooled.wrappedBuffer(packed);
    }

    private int put(byte[] packed, int at, byte[] record) {
      System.arraycopy(record, 0, packed, at, record.length);
      System.arraycopy(delimiter, 0, packed, at + record.length, delimiter.length);
      return at + record.length + delimiter.length;
    }

    private void requestMore(int packed) {
      consumed += packed;
      if (consumed >= replenishAt) {
        Subscription s = upstream;
        int asked = consumed;
        consumed = 0;
        if (s != null) {
          s.request(asked);
        }
      }
    }

    private void terminate() {
      Throwable failure = error;
      if (failure != null) {
        actual.onError(failure);
      } else {
        actual.onComplete();
      }
    }
  }
}
