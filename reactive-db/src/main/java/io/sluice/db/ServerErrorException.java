package io.sluice.db;

import org.jspecify.annotations.Nullable;

/** Any other error PostgreSQL reported; {@link #getSqlState()} tells which. */
public final class ServerErrorException extends DatabaseException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param serverError what the server said
   * @param sql the statement, empty when unknown
   * @param cause the driver's exception, if any
   */
  public ServerErrorException(ServerError serverError, String sql, @Nullable Throwable cause) {
    super(serverError, sql, cause);
  }
}
