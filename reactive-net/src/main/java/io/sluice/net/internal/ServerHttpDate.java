package io.sluice.net.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The value of a server's {@code Date} response header (RFC 9110 IMF-fixdate), formatted at most
 * once per second. One instance per server; safe to call from any thread.
 */
public final class ServerHttpDate {

  private volatile Cached cached = new Cached(-1, "");

  /** Creates a date source for one server. */
  public ServerHttpDate() {}

  /**
   * Returns the current date formatted for the {@code Date} header.
   *
   * @return for example {@code Sun, 06 Nov 1994 08:49:37 GMT}
   */
  public String now() {
    long second = System.currentTimeMillis() / 1000;
    Cached current = cached;
    if (current.second != second) {
      current =
          new Cached(
              second,
              DateTimeFormatter.RFC_1123_DATE_TIME.format(
                  Instant.ofEpochSecond(second).atOffset(ZoneOffset.UTC)));
      cached = current;
    }
    return current.value;
  }

  private record Cached(long second, String value) {}
}
