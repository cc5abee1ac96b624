package io.sluice.test.faults;

import java.time.Duration;
import java.util.Arrays;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The mode of a {@link FaultProxy} with its parameters, and how it paces one chunk of a connection.
 *
 * @param mode the mode
 * @param delay the time each chunk is held in {@link FaultMode#DELAY}, zero otherwise
 * @param bytesPerSecond the rate in {@link FaultMode#THROTTLE}, zero otherwise
 */
record TrafficShape(FaultMode mode, Duration delay, long bytesPerSecond) {

  /** Slices of a throttled chunk last this long at most, so the rate holds within a chunk. */
  private static final long SLICES_PER_SECOND = 20;

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  static final TrafficShape PASS = new TrafficShape(FaultMode.PASS, Duration.ZERO, 0);

  static TrafficShape of(FaultMode mode) {
    return new TrafficShape(mode, Duration.ZERO, 0);
  }

  /**
   * The chunk as it should be forwarded now: at once, after the delay, or in slices paced to the
   * rate. Modes that only concern new connections forward at once.
   */
  Publisher<byte[]> pace(byte[] chunk) {
    return switch (mode) {
      case DELAY -> Mono.delay(delay).thenReturn(chunk);
      case THROTTLE -> throttle(chunk);
      case PASS, BLACK_HOLE, REFUSE -> Mono.just(chunk);
    };
  }

  private Flux<byte[]> throttle(byte[] chunk) {
    int slice = (int) Math.max(1, Math.min(chunk.length, bytesPerSecond / SLICES_PER_SECOND));
    int slices = (chunk.length + slice - 1) / slice;
    return Flux.range(0, slices)
        .concatMap(
            i -> {
              byte[] part =
                  Arrays.copyOfRange(chunk, i * slice, Math.min(chunk.length, (i + 1) * slice));
              return Mono.delay(Duration.ofNanos(part.length * NANOS_PER_SECOND / bytesPerSecond))
                  .thenReturn(part);
            },
            1);
  }

  @Override
  public String toString() {
    return switch (mode) {
      case DELAY -> "DELAY " + delay.toMillis() + " ms per chunk";
      case THROTTLE -> "THROTTLE " + bytesPerSecond + " bytes/s";
      case PASS, BLACK_HOLE, REFUSE -> mode.name();
    };
  }
}
