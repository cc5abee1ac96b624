package io.sluice.codec;

import java.nio.charset.Charset;
import org.jspecify.annotations.Nullable;

/**
 * Bytes that are not valid in the charset being decoded (for example invalid UTF-8), found by a
 * strict decoder. The cause, when present, is the JDK's {@link
 * java.nio.charset.CharacterCodingException}.
 */
public final class MalformedTextException extends CodecException {

  private static final long serialVersionUID = 1L;

  private final long lineNumber;
  private final long byteOffset;
  private final int malformedLength;
  private final String charset;

  /**
   * Creates the exception.
   *
   * @param charset the charset being decoded
   * @param lineNumber the 1-based number of the line holding the malformed bytes
   * @param byteOffset the offset in the input of the first malformed byte
   * @param malformedLength how many bytes are malformed
   * @param cause the JDK's coding exception, if any
   */
  public MalformedTextException(
      Charset charset,
      long lineNumber,
      long byteOffset,
      int malformedLength,
      @Nullable Throwable cause) {
    super(
        "Malformed "
            + charset.name()
            + " input: "
            + malformedLength
            + " invalid byte(s) at byte offset "
            + byteOffset
            + " (line "
            + lineNumber
            + "); decode with MalformedInputAction.REPLACE to substitute U+FFFD instead",
        cause);
    this.charset = charset.name();
    this.lineNumber = lineNumber;
    this.byteOffset = byteOffset;
    this.malformedLength = malformedLength;
  }

  /**
   * The line holding the malformed bytes.
   *
   * @return its 1-based number
   */
  public long lineNumber() {
    return lineNumber;
  }

  /**
   * Where the malformed bytes start.
   *
   * @return the offset of the first malformed byte in the input
   */
  public long byteOffset() {
    return byteOffset;
  }

  /**
   * How many bytes the charset decoder rejected.
   *
   * @return the length of the malformed sequence
   */
  public int malformedLength() {
    return malformedLength;
  }

  /**
   * The charset being decoded.
   *
   * @return its canonical name
   */
  public String charset() {
    return charset;
  }
}
