package io.sluice.demo.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;

/**
 * Counts the response streams in flight (streamed queries, live feeds) as the gauge {@value #NAME},
 * tagged with the stream's kind.
 */
public final class StreamGauge {

  /** The gauge's name. */
  public static final String NAME = "sluice.demo.streams.in.flight";

  private final MeterRegistry registry;
  private final ConcurrentMap<String, AtomicInteger> counters = new ConcurrentHashMap<>();

  /**
   * A gauge family in the given registry.
   *
   * @param registry where the gauges are registered
   */
  public StreamGauge(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * Counts a stream while it is subscribed: from subscription to completion, error or cancel.
   *
   * @param kind the stream's kind, a gauge tag ({@code readings}, {@code live})
   * @param stream the stream
   * @param <T> the element type
   * @return the same stream, counted
   */
  public <T> Flux<T> track(String kind, Flux<T> stream) {
    AtomicInteger inFlight = counter(kind);
    return Flux.defer(
        () -> {
          inFlight.incrementAndGet();
          return stream.doFinally(signal -> inFlight.decrementAndGet());
        });
  }

  private AtomicInteger counter(String kind) {
    return counters.computeIfAbsent(
        kind,
        k -> {
          AtomicInteger value = new AtomicInteger();
          Gauge.builder(NAME, value, AtomicInteger::get)
              .tag("kind", k)
              .description("Response streams currently open")
              .register(registry);
          return value;
        });
  }
}
