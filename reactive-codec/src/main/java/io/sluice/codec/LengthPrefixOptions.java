package io.sluice.codec;

import java.nio.ByteOrder;
import java.util.Objects;

/**
 * The layout of length-prefixed frames: the size and byte order of the length field and the largest
 * accepted frame. The length counts the payload only, not the prefix. Immutable; each {@code
 * with...} method returns a copy.
 *
 * <p>Defaults: a 4-byte big-endian unsigned length, frames of at most {@value
 * #DEFAULT_MAX_FRAME_LENGTH} bytes.
 */
public final class LengthPrefixOptions {

  /** The default largest frame in bytes: 1 MiB. */
  public static final int DEFAULT_MAX_FRAME_LENGTH = 1 << 20;

  private static final LengthPrefixOptions DEFAULTS =
      new LengthPrefixOptions(4, ByteOrder.BIG_ENDIAN, DEFAULT_MAX_FRAME_LENGTH);

  private final int prefixLength;
  private final ByteOrder byteOrder;
  private final int maxFrameLength;

  private LengthPrefixOptions(int prefixLength, ByteOrder byteOrder, int maxFrameLength) {
    this.prefixLength = prefixLength;
    this.byteOrder = byteOrder;
    this.maxFrameLength = maxFrameLength;
  }

  /**
   * The default options.
   *
   * @return a 4-byte big-endian length, 1 MiB frames at most
   */
  public static LengthPrefixOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Sets the size of the length field: 1, 2 or 4 bytes (unsigned) or 8 bytes (signed; negative
   * lengths are rejected). Default 4.
   *
   * @param prefixLength the field size in bytes
   * @return a copy with the size set
   * @throws IllegalArgumentException for any other size
   */
  public LengthPrefixOptions withPrefixLength(int prefixLength) {
    if (prefixLength != 1 && prefixLength != 2 && prefixLength != 4 && prefixLength != 8) {
      throw new IllegalArgumentException(
          "prefixLength must be 1, 2, 4 or 8 bytes, was " + prefixLength);
    }
    return new LengthPrefixOptions(prefixLength, byteOrder, maxFrameLength);
  }

  /**
   * Sets the byte order of the length field. Default big-endian (network order).
   *
   * @param byteOrder the order
   * @return a copy with the order set
   */
  public LengthPrefixOptions withByteOrder(ByteOrder byteOrder) {
    Objects.requireNonNull(byteOrder, "byteOrder");
    return new LengthPrefixOptions(prefixLength, byteOrder, maxFrameLength);
  }

  /**
   * Sets the largest frame, in bytes, prefix excluded. A decoder meeting a larger declared length
   * fails with {@link FrameTooLongException} before buffering anything of it; an encoder given a
   * larger frame fails the same way. The limit is also capped by what the prefix can express (255
   * bytes for a 1-byte prefix, 65,535 for 2 bytes). Default {@value #DEFAULT_MAX_FRAME_LENGTH}.
   *
   * @param maxFrameLength the limit in bytes, at least 0
   * @return a copy with the limit set
   * @throws IllegalArgumentException if {@code maxFrameLength < 0}
   */
  public LengthPrefixOptions withMaxFrameLength(int maxFrameLength) {
    if (maxFrameLength < 0) {
      throw new IllegalArgumentException("maxFrameLength must be >= 0, was " + maxFrameLength);
    }
    return new LengthPrefixOptions(prefixLength, byteOrder, maxFrameLength);
  }

  /**
   * The size of the length field.
   *
   * @return 1, 2, 4 or 8 bytes
   */
  public int prefixLength() {
    return prefixLength;
  }

  /**
   * The byte order of the length field.
   *
   * @return the order
   */
  public ByteOrder byteOrder() {
    return byteOrder;
  }

  /**
   * The configured frame limit.
   *
   * @return the largest frame in bytes, before the cap by the prefix size
   */
  public int maxFrameLength() {
    return maxFrameLength;
  }

  /**
   * The limit that applies: the configured one, capped by what the prefix can express.
   *
   * @return the largest frame in bytes that will be accepted
   */
  public int effectiveMaxFrameLength() {
    long capacity = prefixLength >= 4 ? Integer.MAX_VALUE : (1L << (8 * prefixLength)) - 1;
    return (int) Math.min(maxFrameLength, capacity);
  }

  @Override
  public String toString() {
    return "LengthPrefixOptions{prefixLength="
        + prefixLength
        + ", byteOrder="
        + byteOrder
        + ", maxFrameLength="
        + maxFrameLength
        + "}";
  }
}
