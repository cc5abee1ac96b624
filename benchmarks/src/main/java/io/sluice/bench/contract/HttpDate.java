package io.sluice.bench.contract;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;

/**
 * The value of the {@code Date} response header (RFC 1123 / IMF-fixdate, such as {@code Sun, 06 Nov
 * 1994 08:49:37 GMT}), formatted once per second of the clock and shared by the requests of that
 * second. Safe to call from any thread.
 */
final class HttpDate {

  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);

  private final Clock clock;
  private volatile Stamp current = new Stamp(Long.MIN_VALUE, "");

  HttpDate(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Returns the header value for the clock's current second. */
  String now() {
    long second = Math.floorDiv(clock.millis(), 1000L);
    Stamp stamp = current;
    if (stamp.second != second) {
      stamp = new Stamp(second, FORMAT.format(Instant.ofEpochSecond(second)));
      current = stamp;
    }
    return stamp.value;
  }

  private record Stamp(long second, String value) {}
}
