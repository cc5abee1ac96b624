package io.sluice.db;

import org.jspecify.annotations.Nullable;

/**
 * A row would reference a missing row, or a referenced row would be deleted (SQLSTATE {@code
 * 23503}); {@link ServerError#constraint()} names the constraint.
 */
public final class ForeignKeyViolationException extends DatabaseException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param serverError what the server said
   * @param sql the statement, empty when unknown
   * @param cause the driver's exception, if any
   */
  public ForeignKeyViolationException(
      ServerError serverError, String sql, @Nullable Throwable cause) {
    super(serverError, sql, cause);
  }
}
