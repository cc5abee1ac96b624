package io.sluice.codec;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * How bytes are split into lines and decoded: charset, line length limit, byte order mark and
 * malformed input handling. Immutable; each {@code with...} method returns a copy.
 *
 * <p>Defaults: UTF-8, {@value #DEFAULT_MAX_LINE_LENGTH} bytes per line at most, a leading byte
 * order mark skipped, malformed input reported ({@link MalformedInputAction#REPORT}).
 */
public final class LineOptions {

  /** The default maximum line length in bytes: 1 MiB. */
  public static final int DEFAULT_MAX_LINE_LENGTH = 1 << 20;

  private static final LineOptions DEFAULTS =
      new LineOptions(
          StandardCharsets.UTF_8, DEFAULT_MAX_LINE_LENGTH, true, MalformedInputAction.REPORT);

  private final Charset charset;
  private final int maxLineLength;
  private final boolean skipBom;
  private final MalformedInputAction malformedInputAction;

  private LineOptions(
      Charset charset,
      int maxLineLength,
      boolean skipBom,
      MalformedInputAction malformedInputAction) {
    this.charset = charset;
    this.maxLineLength = maxLineLength;
    this.skipBom = skipBom;
    this.malformedInputAction = malformedInputAction;
  }

  /**
   * The default options.
   *
   * @return UTF-8, 1 MiB lines at most, BOM skipped, malformed input reported
   */
  public static LineOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Sets the charset. Any charset whose line feed and carriage return encode to one code unit of 1,
   * 2 or 4 bytes works: UTF-8, US-ASCII, ISO-8859-*, windows-125*, UTF-16 and UTF-32 (with or
   * without a byte order mark), and the other ASCII-compatible charsets. Default UTF-8.
   *
   * @param charset the charset of the bytes
   * @return a copy with the charset set
   * @throws IllegalArgumentException if lines cannot be split in that charset
   */
  public LineOptions withCharset(Charset charset) {
    Objects.requireNonNull(charset, "charset");
    if (!charset.canEncode()) {
      throw new IllegalArgumentException(
          "charset=" + charset.name() + " cannot encode, so its line terminators are unknown");
    }
    return new LineOptions(charset, maxLineLength, skipBom, malformedInputAction);
  }

  /**
   * Sets the longest accepted line, in bytes, line terminator excluded. A longer line fails the
   * stream with a {@link LineTooLongException} as soon as the limit is passed, so at most this many
   * bytes (plus one chunk) are ever buffered. Default {@value #DEFAULT_MAX_LINE_LENGTH}.
   *
   * @param maxLineLength the limit in bytes, at least 1
   * @return a copy with the limit set
   * @throws IllegalArgumentException if {@code maxLineLength < 1}
   */
  public LineOptions withMaxLineLength(int maxLineLength) {
    if (maxLineLength < 1) {
      throw new IllegalArgumentException("maxLineLength must be >= 1, was " + maxLineLength);
    }
    return new LineOptions(charset, maxLineLength, skipBom, malformedInputAction);
  }

  /**
   * Sets whether a byte order mark at the very start of the input is skipped. For the UTF-16 and
   * UTF-32 charsets without a declared byte order, the mark is always read to choose the order.
   * Default {@code true}.
   *
   * @param skipBom {@code true} to skip a leading byte order mark
   * @return a copy with the setting changed
   */
  public LineOptions withSkipBom(boolean skipBom) {
    return new LineOptions(charset, maxLineLength, skipBom, malformedInputAction);
  }

  /**
   * Sets what happens to bytes that are invalid in the charset. Default {@link
   * MalformedInputAction#REPORT}.
   *
   * @param action report (fail with {@link MalformedTextException}) or replace with U+FFFD
   * @return a copy with the action set
   */
  public LineOptions withMalformedInputAction(MalformedInputAction action) {
    Objects.requireNonNull(action, "action");
    return new LineOptions(charset, maxLineLength, skipBom, action);
  }

  /**
   * The charset.
   *
   * @return the charset of the bytes
   */
  public Charset charset() {
    return charset;
  }

  /**
   * The line length limit.
   *
   * @return the longest accepted line in bytes
   */
  public int maxLineLength() {
    return maxLineLength;
  }

  /**
   * Whether a leading byte order mark is skipped.
   *
   * @return {@code true} if it is
   */
  public boolean skipBom() {
    return skipBom;
  }

  /**
   * What happens to invalid bytes.
   *
   * @return the action
   */
  public MalformedInputAction malformedInputAction() {
    return malformedInputAction;
  }

  @Override
  public String toString() {
    return "LineOptions{charset="
        + charset.name()
        + ", maxLineLength="
        + maxLineLength
        + ", skipBom="
        + skipBom
        + ", malformedInputAction="
        + malformedInputAction
        + "}";
  }
}
