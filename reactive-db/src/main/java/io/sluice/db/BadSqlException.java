package io.sluice.db;

import org.jspecify.annotations.Nullable;

/**
 * The SQL is invalid: a syntax error, an unknown table, column or function, or parameters of the
 * wrong type (SQLSTATE class {@code 42}, and {@code 22P02} invalid text for a parameter type).
 */
public final class BadSqlException extends DatabaseException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param serverError what the server said
   * @param sql the statement, empty when unknown
   * @param cause the driver's exception, if any
   */
  public BadSqlException(ServerError serverError, String sql, @Nullable Throwable cause) {
    super(serverError, sql, cause);
  }
}
