package io.sluice.db.internal;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * A {@link Flux} that waits for its subscriber's first request and only then builds its source,
 * telling it the fetch size that request implies: {@code n} clamped to {@code [min, max]} ({@code
 * max} for an unbounded request). Nothing happens upstream before a subscriber asks for something,
 * and a cursor opened by the source fetches what was asked rather than a fixed guess.
 */
public final class DemandSizedFlux<T> extends Flux<T> {

  private final int minFetch;
  private final int maxFetch;
  private final IntFunction<? extends Publisher<T>> source;

  /**
   * Creates the flux.
   *
   * @param minFetch the smallest fetch size
   * @param maxFetch the largest fetch size
   * @param source builds the source for a fetch size
   */
  public DemandSizedFlux(int minFetch, int maxFetch, IntFunction<? extends Publisher<T>> source) {
    this.minFetch = minFetch;
    this.maxFetch = maxFetch;
    this.source = Objects.requireNonNull(source, "source");
  }

  /** Returns the fetch size a first request of {@code n} implies. */
  static int fetchSizeFor(long n, int min, int max) {
    return (int) Math.max(min, Math.min(n, max));
  }

  @Override
  public void subscribe(CoreSubscriber<? super T> actual) {
    actual.onSubscribe(new FirstRequestSubscriber<>(actual, this));
  }

  private static final class FirstRequestSubscriber<T> extends Operators.DeferredSubscription
      implements CoreSubscriber<T> {

    private final CoreSubscriber<? super T> actual;
    private final DemandSizedFlux<T> parent;
    private final AtomicBoolean started = new AtomicBoolean();

    FirstRequestSubscriber(CoreSubscriber<? super T> actual, DemandSizedFlux<T> parent) {
      this.actual = actual;
      this.parent = parent;
    }

    @Override
    public void request(long n) {
      super.request(n);
      if (n > 0 && started.compareAndSet(false, true) && !isCancelled()) {
        Publisher<T> upstream;
        try {
          upstream =
              Objects.requireNonNull(
                  parent.source.apply(fetchSizeFor(n, parent.minFetch, parent.maxFetch)),
                  "source returned null");
        } catch (Throwable e) {
          actual.onError(Operators.onOperatorError(e, actual.currentContext()));
          return;
        }
        upstream.subscribe(this);
      }
    }

    @Override
    public Context currentContext() {
      return actual.currentContext();
    }

    @Override
    public void onSubscribe(Subscription s) {
      set(s);
    }

    @Override
    public void onNext(T t) {
      actual.onNext(t);
    }

    @Override
    public void onError(Throwable t) {
      actual.onError(t);
    }

    @Override
    public void onComplete() {
      actual.onComplete();
    }
  }
}
