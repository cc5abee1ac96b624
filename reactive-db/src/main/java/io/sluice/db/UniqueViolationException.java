package io.sluice.db;

import org.jspecify.annotations.Nullable;

/**
 * A row would duplicate a unique key (SQLSTATE {@code 23505}); {@link ServerError#constraint()}
 * names the constraint.
 */
public final class UniqueViolationException extends DatabaseException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param serverError what the server said
   * @param sql the statement, empty when unknown
   * @param cause the driver's exception, if any
   */
  public UniqueViolationException(ServerError serverError, String sql, @Nullable Throwable cause) {
    super(serverError, sql, cause);
  }
}
