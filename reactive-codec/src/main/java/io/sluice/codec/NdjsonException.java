package io.sluice.codec;

import org.jspecify.annotations.Nullable;

/**
 * A line of NDJSON input that is not valid JSON, is JSON {@code null}, or cannot be mapped to the
 * requested type. The cause, when present, is Jackson's exception, whose message says what was
 * wrong within the line.
 */
public final class NdjsonException extends CodecException {

  private static final long serialVersionUID = 1L;

  private final long lineNumber;
  private final long byteOffset;

  /**
   * Creates the exception.
   *
   * @param lineNumber the 1-based number of the bad line
   * @param byteOffset the offset in the input of the first byte of that line
   * @param reason what was wrong with the line
   * @param cause Jackson's exception, if any
   */
  public NdjsonException(
      long lineNumber, long byteOffset, String reason, @Nullable Throwable cause) {
    super("Invalid NDJSON at line " + lineNumber + " (byte " + byteOffset + "): " + reason, cause);
    this.lineNumber = lineNumber;
    this.byteOffset = byteOffset;
  }

  /**
   * The bad line.
   *
   * @return its 1-based number
   */
  public long lineNumber() {
    return lineNumber;
  }

  /**
   * Where the bad line starts.
   *
   * @return the offset of its first byte in the input
   */
  public long byteOffset() {
    return byteOffset;
  }
}
