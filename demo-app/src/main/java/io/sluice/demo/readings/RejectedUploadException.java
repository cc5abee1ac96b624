package io.sluice.demo.readings;

import java.util.Objects;

/**
 * An atomic upload stopped at its first bad line: nothing of it was stored.
 *
 * <p>Signalled by {@link ReadingStore#ingest} with {@code atomic} set, after rolling back.
 */
public final class RejectedUploadException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient LineError error;

  /**
   * Creates the exception.
   *
   * @param error the first bad line
   */
  public RejectedUploadException(LineError error) {
    super(
        "Line "
            + Objects.requireNonNull(error, "error").line()
            + ": "
            + error.message()
            + "; the upload is atomic, so nothing was stored");
    this.error = error;
  }

  /**
   * Returns the bad line that rejected the upload.
   *
   * @return its number and what is wrong with it
   */
  public LineError error() {
    return error;
  }
}
