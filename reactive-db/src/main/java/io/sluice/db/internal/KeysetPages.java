package io.sluice.db.internal;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * Emits the rows of consecutive pages, each fetched by a {@link Mono} that starts after the last
 * key of the page before. A page is fetched only when the subscriber has requested more rows than
 * the pages already fetched hold, and only one fetch runs at a time, so at most one page is held
 * and nothing is fetched ahead of demand. A page shorter than the page size is the last one. Each
 * subscription starts again from the first key.
 *
 * @param <K> the key type
 * @param <T> the row type
 */
public final class KeysetPages<K, T> extends Flux<T> {

  /**
   * One fetched page.
   *
   * @param rows the rows, in key order
   * @param lastKey the key of the last row, {@code null} when there are no rows
   */
  public record Page<K, T>(List<T> rows, @Nullable K lastKey) {

    /** Copies nothing; the list must not change afterwards. */
    public Page {
      Objects.requireNonNull(rows, "rows");
    }
  }

  private final @Nullable K startAfter;
  private final int pageSize;
  private final Function<@Nullable K, Mono<Page<K, T>>> fetch;

  /**
   * Creates the flux.
   *
   * @param startAfter the key the first page starts after, {@code null} for the beginning
   * @param pageSize rows per page; a page with fewer rows is the last
   * @param fetch fetches the page after a key ({@code null}: the first page)
   */
  public KeysetPages(
      @Nullable K startAfter, int pageSize, Function<@Nullable K, Mono<Page<K, T>>> fetch) {
    this.startAfter = startAfter;
    this.pageSize = pageSize;
    this.fetch = Objects.requireNonNull(fetch, "fetch");
  }

  @Override
  public void subscribe(CoreSubscriber<? super T> actual) {
    actual.onSubscribe(new Paging<>(actual, this));
  }

  private static final class Paging<K, T> implements Subscription {

    @SuppressWarnings("rawtypes")
    private static final AtomicLongFieldUpdater<Paging> REQUESTED =
        AtomicLongFieldUpdater.newUpdater(Paging.class, "requested");

    private final CoreSubscriber<? super T> actual;
    private final KeysetPages<K, T> parent;
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicReference<@Nullable Subscription> fetching = new AtomicReference<>();

    private volatile long requested;
    private volatile @Nullable Page<K, T> arrived;
    private volatile @Nullable Throwable error;
    private volatile boolean cancelled;

    // Owned by the drain loop.
    private List<T> rows = List.of();
    private int index;
    private @Nullable K lastKey;
    private boolean fetchInFlight;
    private boolean lastPage;
    private boolean terminated;

    Paging(CoreSubscriber<? super T> actual, KeysetPages<K, T> parent) {
      this.actual = actual;
      this.parent = parent;
      this.lastKey = parent.startAfter;
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
      Subscription running = fetching.getAndSet(Operators.cancelledSubscription());
      if (running != null) {
        running.cancel();
      }
      drain();
    }

    private void drain() {
      if (wip.getAndIncrement() != 0) {
        return;
      }
      int missed = 1;
      do {
        if (!terminated) {
          step();
        }
        missed = wip.addAndGet(-missed);
      } while (missed != 0);
    }

    private void step() {
      if (cancelled) {
        discardRemaining();
        terminated = true;
        return;
      }
      Page<K, T> page = arrived;
      if (page != null) {
        arrived = null;
        fetchInFlight = false;
        rows = page.rows();
        index = 0;
        if (page.lastKey() != null) {
          lastKey = page.lastKey();
        }
        lastPage = rows.size() < parent.pageSize;
      }
      Throwable failure = error;
      if (failure != null && !fetchInFlight) {
        terminated = true;
        actual.onError(failure);
        return;
      }
      long demand = requested;
      long emitted = 0;
      while (emitted != demand && index < rows.size()) {
        if (cancelled) {
          discardRemaining();
          terminated = true;
          return;
        }
        actual.onNext(rows.get(index++));
        emitted++;
      }
      if (emitted != 0) {
        demand = Operators.produced(REQUESTED, this, emitted);
      }
      if (index < rows.size() || fetchInFlight) {
        return;
      }
      rows = List.of();
      if (lastPage) {
        terminated = true;
        actual.onComplete();
      } else if (demand > 0 && !cancelled) {
        fetchInFlight = true;
        Mono<Page<K, T>> next;
        try {
          next = Objects.requireNonNull(parent.fetch.apply(lastKey), "fetch returned null");
        } catch (Throwable e) {
          terminated = true;
          actual.onError(Operators.onOperatorError(e, actual.currentContext()));
          return;
        }
        next.subscribe(new PageSubscriber());
      }
    }

    private void discardRemaining() {
      if (index < rows.size()) {
        Operators.onDiscardMultiple(
            rows.subList(index, rows.size()).iterator(), true, actual.currentContext());
      }
      rows = List.of();
      index = 0;
    }

    /** Receives one page; a new one per fetch. */
    private final class PageSubscriber implements CoreSubscriber<Page<K, T>> {

      private @Nullable Page<K, T> received;

      @Override
      public Context currentContext() {
        return actual.currentContext();
      }

      @Override
      public void onSubscribe(Subscription s) {
        Subscription current = fetching.get();
        if (current == Operators.cancelledSubscription() || !fetching.compareAndSet(current, s)) {
          s.cancel();
          return;
        }
        s.request(Long.MAX_VALUE);
      }

      @Override
      public void onNext(Page<K, T> page) {
        received = page;
      }

      @Override
      public void onError(Throwable e) {
        error = e;
        arrived = new Page<>(List.of(), null);
        drain();
      }

      @Override
      public void onComplete() {
        Page<K, T> page = received;
        arrived = page != null ? page : new Page<>(List.of(), null);
        drain();
      }
    }
  }
}
