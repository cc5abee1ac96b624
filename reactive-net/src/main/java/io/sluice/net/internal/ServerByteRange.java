package io.sluice.net.internal;

import org.jspecify.annotations.Nullable;

/**
 * One satisfiable byte range of a {@code Range: bytes=...} request header (RFC 9110 section 14).
 *
 * @param first the first byte position, inclusive
 * @param last the last byte position, inclusive
 */
public record ServerByteRange(long first, long last) {

  /** What a {@code Range} header asks of a representation of a known length. */
  public enum Outcome {
    /** Serve the whole representation: no header, a syntax we ignore, or several ranges. */
    WHOLE,
    /** Serve one part: {@code 206 Partial Content}. */
    PARTIAL,
    /** No range overlaps the representation: {@code 416 Range Not Satisfiable}. */
    UNSATISFIABLE
  }

  /**
   * Returns the number of bytes in the range.
   *
   * @return {@code last - first + 1}
   */
  public long length() {
    return last - first + 1;
  }

  /**
   * Classifies a {@code Range} header value against a representation length.
   *
   * @param header the header value, or {@code null}
   * @param size the representation length in bytes
   * @return the outcome
   */
  public static Outcome classify(@Nullable String header, long size) {
    if (header == null) {
      return Outcome.WHOLE;
    }
    ServerByteRange range = parse(header, size);
    if (range != null) {
      return Outcome.PARTIAL;
    }
    return isSingleWellFormed(header) ? Outcome.UNSATISFIABLE : Outcome.WHOLE;
  }

  /**
   * Parses a single-range {@code Range} header into a satisfiable range.
   *
   * @param header the header value
   * @param size the representation length in bytes
   * @return the range clipped to the representation, or {@code null} if the header is not one
   *     well-formed satisfiable byte range
   */
  public static @Nullable ServerByteRange parse(String header, long size) {
    if (!isSingleWellFormed(header)) {
      return null;
    }
    String spec = header.substring(header.indexOf('=') + 1).strip();
    int dash = spec.indexOf('-');
    String from = spec.substring(0, dash).strip();
    String to = spec.substring(dash + 1).strip();
    try {
      if (from.isEmpty()) {
        long suffix = Long.parseLong(to);
        if (suffix == 0 || size == 0) {
          return null;
        }
        return new ServerByteRange(Math.max(0, size - suffix), size - 1);
      }
      long first = Long.parseLong(from);
      long last = to.isEmpty() ? size - 1 : Math.min(Long.parseLong(to), size - 1);
      if (first >= size || (!to.isEmpty() && Long.parseLong(to) < first)) {
        return null;
      }
      return new ServerByteRange(first, last);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static boolean isSingleWellFormed(String header) {
    String value = header.strip();
    if (!value.regionMatches(true, 0, "bytes=", 0, 6)) {
      return false;
    }
    String spec = value.substring(6).strip();
    return spec.indexOf(',') < 0
        && spec.matches("(\\d{1,18})?\\s*-\\s*(\\d{1,18})?")
        && !spec.equals("-");
  }
}
