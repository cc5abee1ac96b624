package io.sluice.bench.contract;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * A numeric query parameter of the contract: an optional sign and digits, clamped to {@code [min,
 * max]}; anything else (missing, empty, {@code foo}, {@code 5abc}) takes the default.
 */
final class CountParameter {

  /** {@code queries} of {@code /queries} and {@code /updates}: default 1, clamped to 1..500. */
  static final CountParameter QUERIES = new CountParameter("queries", 1, 1, 500);

  /** {@code n} of {@code /stream}: default 1000, clamped to 1..1,000,000. */
  static final CountParameter STREAM_ROWS = new CountParameter("n", 1000, 1, 1_000_000);

  private final String name;
  private final int fallback;
  private final int min;
  private final int max;

  private CountParameter(String name, int fallback, int min, int max) {
    this.name = name;
    this.fallback = fallback;
    this.min = min;
    this.max = max;
  }

  /**
   * Returns the parameter's value in a raw (still URL-encoded) query string such as {@code
   * queries=20&x=1}, or the default.
   */
  int fromQuery(@Nullable String rawQuery) {
    if (rawQuery == null) {
      return fallback;
    }
    int start = 0;
    while (start <= rawQuery.length()) {
      int end = rawQuery.indexOf('&', start);
      if (end < 0) {
        end = rawQuery.length();
      }
      int equals = rawQuery.indexOf('=', start);
      if (equals >= 0 && equals < end && rawQuery.regionMatches(start, name, 0, name.length())) {
        if (equals - start == name.length()) {
          return parse(decode(rawQuery.substring(equals + 1, end)));
        }
      }
      start = end + 1;
    }
    return fallback;
  }

  /** Returns the clamped value of a decoded parameter value, or the default. */
  int parse(@Nullable String value) {
    if (value == null || value.isEmpty()) {
      return fallback;
    }
    int index = 0;
    boolean negative = false;
    char first = value.charAt(0);
    if (first == '+' || first == '-') {
      negative = first == '-';
      index = 1;
    }
    if (index == value.length()) {
      return fallback;
    }
    long magnitude = 0;
    for (; index < value.length(); index++) {
      char c = value.charAt(index);
      if (c < '0' || c > '9') {
        return fallback;
      }
      // Saturate: anything past max is clamped anyway.
      magnitude = Math.min(magnitude * 10 + (c - '0'), (long) Integer.MAX_VALUE + 1);
    }
    long signed = negative ? -magnitude : magnitude;
    return (int) Math.max(min, Math.min(max, signed));
  }

  private static @Nullable String decode(String raw) {
    try {
      return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
