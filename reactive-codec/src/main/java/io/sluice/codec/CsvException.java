package io.sluice.codec;

import org.jspecify.annotations.Nullable;

/**
 * CSV input that cannot be decoded: a quoted field that is never closed, a record that does not fit
 * the header or the target type, or a value that cannot be converted. The cause, when present, is
 * Jackson's exception.
 */
public final class CsvException extends CodecException {

  private static final long serialVersionUID = 1L;

  private final long lineNumber;

  /**
   * Creates the exception.
   *
   * @param lineNumber the 1-based number of the line where the bad record starts
   * @param reason what was wrong
   * @param cause Jackson's exception, if any
   */
  public CsvException(long lineNumber, String reason, @Nullable Throwable cause) {
    super("Invalid CSV at line " + lineNumber + ": " + reason, cause);
    this.lineNumber = lineNumber;
  }

  /**
   * Where the bad record is.
   *
   * @return the 1-based number of the line where it starts
   */
  public long lineNumber() {
    return lineNumber;
  }
}
