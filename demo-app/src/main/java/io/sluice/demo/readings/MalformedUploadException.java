package io.sluice.demo.readings;

/**
 * An upload that cannot be read any further: a CSV header without the needed columns, an unclosed
 * quote, a line over the limit. Unlike a bad line, which is skipped and reported, it stops the
 * upload, and nothing of it is stored.
 */
public final class MalformedUploadException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final long lineNumber;

  /**
   * Creates the exception.
   *
   * @param lineNumber the line where reading stopped, from 1
   * @param message what is wrong there
   * @param cause the codec's exception, or null
   */
  public MalformedUploadException(
      long lineNumber, String message, @org.jspecify.annotations.Nullable Throwable cause) {
    super("Line " + lineNumber + ": " + message, cause);
    this.lineNumber = lineNumber;
  }

  /**
   * Returns the line where reading stopped.
   *
   * @return the line number, from 1
   */
  public long lineNumber() {
    return lineNumber;
  }
}
