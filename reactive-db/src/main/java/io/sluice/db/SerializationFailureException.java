package io.sluice.db;

import org.jspecify.annotations.Nullable;

/**
 * A serializable or repeatable-read transaction could not be serialized with concurrent ones
 * (SQLSTATE {@code 40001}); retrying the whole transaction may succeed.
 */
public final class SerializationFailureException extends TransientDatabaseException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param serverError what the server said
   * @param sql the statement, empty when unknown
   * @param cause the driver's exception, if any
   */
  public SerializationFailureException(
      ServerError serverError, String sql, @Nullable Throwable cause) {
    super(serverError, sql, cause);
  }
}
