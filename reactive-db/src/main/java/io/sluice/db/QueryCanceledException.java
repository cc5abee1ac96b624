package io.sluice.db;

import org.jspecify.annotations.Nullable;

/**
 * The statement was cancelled on the server (SQLSTATE {@code 57014}): by a cancel request, or
 * because it ran longer than the statement timeout.
 */
public final class QueryCanceledException extends DatabaseException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param serverError what the server said
   * @param sql the statement, empty when unknown
   * @param cause the driver's exception, if any
   */
  public QueryCanceledException(ServerError serverError, String sql, @Nullable Throwable cause) {
    super(serverError, sql, cause);
  }
}
