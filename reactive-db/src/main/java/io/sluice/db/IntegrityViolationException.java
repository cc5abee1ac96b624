package io.sluice.db;

import org.jspecify.annotations.Nullable;

/**
 * Any other integrity constraint violation (SQLSTATE class {@code 23}: not-null, check, exclusion).
 */
public final class IntegrityViolationException extends DatabaseException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param serverError what the server said
   * @param sql the statement, empty when unknown
   * @param cause the driver's exception, if any
   */
  public IntegrityViolationException(
      ServerError serverError, String sql, @Nullable Throwable cause) {
    super(serverError, sql, cause);
  }
}
