package io.sluice.codec;

/**
 * A line had more bytes than the configured maximum. The decoder fails as soon as the limit is
 * passed, without buffering the rest of the line.
 */
public final class LineTooLongException extends CodecException {

  private static final long serialVersionUID = 1L;

  private final long lineNumber;
  private final long byteOffset;
  private final int maxLineLength;

  /**
   * Creates the exception.
   *
   * @param lineNumber the 1-based number of the line that was too long
   * @param byteOffset the offset in the input of the first byte of that line
   * @param maxLineLength the limit, in bytes, that the line exceeded
   */
  public LineTooLongException(long lineNumber, long byteOffset, int maxLineLength) {
    super(
        "Line "
            + lineNumber
            + " (starting at byte "
            + byteOffset
            + ") is longer than maxLineLength="
            + maxLineLength
            + " bytes; raise maxLineLength if such lines are expected",
        null);
    this.lineNumber = lineNumber;
    this.byteOffset = byteOffset;
    this.maxLineLength = maxLineLength;
  }

  /**
   * The line that was too long.
   *
   * @return its 1-based number
   */
  public long lineNumber() {
    return lineNumber;
  }

  /**
   * Where the line starts.
   *
   * @return the offset of its first byte in the input
   */
  public long byteOffset() {
    return byteOffset;
  }

  /**
   * The limit that was exceeded.
   *
   * @return the maximum line length in bytes, line terminator excluded
   */
  public int maxLineLength() {
    return maxLineLength;
  }
}
