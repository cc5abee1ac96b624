package io.sluice.fs.internal;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Pulls a {@link BlockingSource} on a scheduler, exactly as fast as it is demanded: one {@code
 * next()} per requested element, none ahead. The source is opened on the scheduler at the first
 * request and closed exactly once: after the last element, on error, and on cancel.
 *
 * <p>Cancellation never interrupts a thread. A cancel that arrives while the source is being read
 * is handled when the read returns ({@link BlockingSource#wakeUp()} unblocks a source that may wait
 * indefinitely). Otherwise the source is closed at once on the cancelling thread, unless that
 * thread must not block ({@link Schedulers#isInNonBlockingThread()}), in which case the close runs
 * on the scheduler.
 *
 * @param <T> the elements
 */
final class BlockingSourcePublisher<T> extends Flux<T> {

  private final Callable<? extends BlockingSource<T>> opener;
  private final Scheduler scheduler;

  BlockingSourcePublisher(Callable<? extends BlockingSource<T>> opener, Scheduler scheduler) {
    this.opener = Objects.requireNonNull(opener, "opener");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
  }

  @Override
  public void subscribe(CoreSubscriber<? super T> actual) {
    actual.onSubscribe(new PullSubscription<>(actual, opener, scheduler));
  }

  private static final class PullSubscription<T> implements Subscription, Runnable {

    @SuppressWarnings("rawtypes")
    private static final AtomicLongFieldUpdater<PullSubscription> REQUESTED =
        AtomicLongFieldUpdater.newUpdater(PullSubscription.class, "requested");

    @SuppressWarnings("rawtypes")
    private static final AtomicIntegerFieldUpdater<PullSubscription> WIP =
        AtomicIntegerFieldUpdater.newUpdater(PullSubscription.class, "wip");

    private final CoreSubscriber<? super T> actual;
    private final Callable<? extends BlockingSource<T>> opener;
    private final Scheduler scheduler;

    private volatile long requested;

    @SuppressWarnings("UnusedVariable") // accessed through WIP
    private volatile int wip;

    private volatile boolean cancelled;
    private volatile @Nullable BlockingSource<T> source;
    // Only touched inside the drain loop, which WIP serializes.
    private boolean done;
    private boolean closed;

    PullSubscription(
        CoreSubscriber<? super T> actual,
        Callable<? extends BlockingSource<T>> opener,
        Scheduler scheduler) {
      this.actual = actual;
      this.opener = opener;
      this.scheduler = scheduler;
    }

    @Override
    public void request(long n) {
      if (Operators.validate(n)) {
        Operators.addCap(REQUESTED, this, n);
        if (WIP.getAndIncrement(this) == 0) {
          schedule();
        }
      }
    }

    @Override
    public void cancel() {
      if (cancelled) {
        return;
      }
      cancelled = true;
      if (WIP.getAndIncrement(this) == 0) {
        if (Schedulers.isInNonBlockingThread()) {
          schedule();
        } else {
          run();
        }
        return;
      }
      // A drain is running, maybe blocked in next(): let it see the cancellation.
      BlockingSource<T> current = source;
      if (current != null) {
        if (Schedulers.isInNonBlockingThread()) {
          try {
            scheduler.schedule(() -> wakeUp(current));
          } catch (RejectedExecutionException e) {
            wakeUp(current);
          }
        } else {
          wakeUp(current);
        }
      }
    }

    private void wakeUp(BlockingSource<T> current) {
      try {
        current.wakeUp();
      } catch (Throwable e) {
        Operators.onErrorDropped(e, actual.currentContext());
      }
    }

    private void schedule() {
      try {
        scheduler.schedule(this);
      } catch (RejectedExecutionException e) {
        if (!cancelled) {
          done = true;
          actual.onError(Operators.onRejectedExecution(e, actual.currentContext()));
        }
      }
    }

    @Override
    public void run() {
      int missed = 1;
      while (true) {
        if (cancelled) {
          closeQuietly();
          return;
        }
        if (done) {
          return;
        }
        BlockingSource<T> current = source;
        if (current == null) {
          try {
            current = Objects.requireNonNull(opener.call(), "opened source");
          } catch (Throwable e) {
            done = true;
            actual.onError(e);
            return;
          }
          source = current;
          continue; // check for a cancel that arrived while opening
        }
        long r = requested;
        long emitted = 0;
        while (emitted != r) {
          if (cancelled) {
            closeQuietly();
            return;
          }
          T next;
          try {
            next = current.next();
          } catch (Throwable e) {
            if (cancelled) {
              closeQuietly();
              return;
            }
            terminate(e);
            return;
          }
          if (next == null) {
            terminate(null);
            return;
          }
          actual.onNext(next);
          emitted++;
        }
        if (!cancelled && current.atEnd()) {
          terminate(null);
          return;
        }
        if (emitted != 0 && r != Long.MAX_VALUE) {
          REQUESTED.addAndGet(this, -emitted);
        }
        missed = WIP.addAndGet(this, -missed);
        if (missed == 0) {
          return;
        }
      }
    }

    /** Closes the source, then signals completion, or the error (a close failure if none). */
    private void terminate(@Nullable Throwable error) {
      done = true;
      Throwable failure = error;
      try {
        close();
      } catch (Throwable e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
      if (failure == null) {
        actual.onComplete();
      } else {
        actual.onError(failure);
      }
    }

    private void closeQuietly() {
      try {
        close();
      } catch (Throwable e) {
        Operators.onErrorDropped(e, actual.currentContext());
      }
    }

    private void close() throws Exception {
      BlockingSource<T> current = source;
      if (current != null && !closed) {
        closed = true;
        current.close();
      }
    }
  }
}
