package io.sluice.db;

import org.jspecify.annotations.Nullable;

/**
 * The server broke a deadlock by aborting this transaction (SQLSTATE {@code 40P01}); retrying the
 * whole transaction may succeed.
 */
public final class DeadlockDetectedException extends TransientDatabaseException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param serverError what the server said
   * @param sql the statement, empty when unknown
   * @param cause the driver's exception, if any
   */
  public DeadlockDetectedException(ServerError serverError, String sql, @Nullable Throwable cause) {
    super(serverError, sql, cause);
  }
}
