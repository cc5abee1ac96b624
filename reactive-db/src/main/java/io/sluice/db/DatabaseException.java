package io.sluice.db;

import io.r2dbc.spi.R2dbcException;
import org.jspecify.annotations.Nullable;

/**
 * A statement that PostgreSQL rejected, typed by its SQLSTATE class, carrying the SQL and what the
 * server said about it ({@link #serverError()}: message, detail, hint, position, constraint).
 *
 * <p>It is an {@link R2dbcException}, so {@link #getSqlState()} and {@link #getSql()} work as in
 * any R2DBC code. The subclasses say what to do: {@link TransientDatabaseException}s may succeed
 * when the whole transaction is retried; the others will fail again with the same input.
 */
public abstract sealed class DatabaseException extends R2dbcException
    permits BadSqlException,
        UniqueViolationException,
        ForeignKeyViolationException,
        IntegrityViolationException,
        TransientDatabaseException,
        QueryCanceledException,
        ServerErrorException {

  private static final long serialVersionUID = 1L;

  private final ServerError serverError;

  DatabaseException(ServerError serverError, String sql, @Nullable Throwable cause) {
    super(describe(serverError, sql), serverError.sqlState(), 0, sql, cause);
    this.serverError = serverError;
  }

  /** Returns the server's error fields. */
  public ServerError serverError() {
    return serverError;
  }

  /** Returns the server's primary message, without the SQL or position this message adds. */
  public String serverMessage() {
    return serverError.message();
  }

  /** Returns the 1-based character position of the error in {@link #getSql()}, 0 if unknown. */
  public int position() {
    return serverError.position();
  }

  static String describe(ServerError error, String sql) {
    StringBuilder text = new StringBuilder();
    text.append(error.message()).append(" [SQLSTATE ").append(error.sqlState()).append(']');
    if (error.detail() != null) {
      text.append("\n  Detail: ").append(error.detail());
    }
    if (error.hint() != null) {
      text.append("\n  Hint: ").append(error.hint());
    }
    if (error.where() != null) {
      text.append("\n  Where: ").append(error.where());
    }
    if (!sql.isEmpty()) {
      text.append("\n  SQL: ").append(sql);
      if (error.position() > 0) {
        text.append("\n  Position ").append(error.position()).append(": ");
        int at = Math.min(error.position() - 1, sql.length());
        int from = Math.max(0, at - 20);
        int to = Math.min(sql.length(), at + 20);
        text.append(sql, from, at).append(" >>> ").append(sql, at, to);
      }
    }
    return text.toString();
  }
}
