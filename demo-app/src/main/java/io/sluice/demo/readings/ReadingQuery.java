package io.sluice.demo.readings;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Which readings to read back.
 *
 * @param station only this station, or all if null
 * @param from only readings recorded at or after this time, or from the start if null
 * @param to only readings recorded before this time, or up to now if null
 * @param limit the most readings to return, 1 to {@value #MAX_LIMIT}
 */
public record ReadingQuery(
    @Nullable String station, @Nullable Instant from, @Nullable Instant to, int limit) {

  /** The limit when none is given, {@value}. */
  public static final int DEFAULT_LIMIT = 1_000;

  /** The highest limit, {@value}. */
  public static final int MAX_LIMIT = 1_000_000;

  /** Checks the limit and that the range is not reversed. */
  public ReadingQuery {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException(
          "limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
    }
    if (from != null && to != null && !from.isBefore(to)) {
      throw new IllegalArgumentException(
          "from must be before to, was from=" + from + " and to=" + to);
    }
  }
}
