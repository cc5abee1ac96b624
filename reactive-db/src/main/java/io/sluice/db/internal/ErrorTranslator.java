package io.sluice.db.internal;

import io.r2dbc.postgresql.api.ErrorDetails;
import io.r2dbc.postgresql.api.PostgresqlException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.sluice.db.BadSqlException;
import io.sluice.db.ConnectionAcquireTimeoutException;
import io.sluice.db.ConnectionFailedException;
import io.sluice.db.DatabaseException;
import io.sluice.db.DatabaseOptions;
import io.sluice.db.DeadlockDetectedException;
import io.sluice.db.ForeignKeyViolationException;
import io.sluice.db.IntegrityViolationException;
import io.sluice.db.PoolStats;
import io.sluice.db.QueryCanceledException;
import io.sluice.db.SerializationFailureException;
import io.sluice.db.ServerError;
import io.sluice.db.ServerErrorException;
import io.sluice.db.UniqueViolationException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** Turns driver and pool exceptions into Sluice's typed exceptions, by SQLSTATE. */
public final class ErrorTranslator {

  private final DatabaseOptions options;
  private final Supplier<PoolStats> poolStats;

  /**
   * Creates the translator.
   *
   * @param options where connections go, for connection failures
   * @param poolStats the pool's state, for acquire timeouts
   */
  public ErrorTranslator(DatabaseOptions options, Supplier<PoolStats> poolStats) {
    this.options = options;
    this.poolStats = poolStats;
  }

  /** Translates an error of a statement. */
  public Throwable statementError(Throwable error, String sql) {
    if (error instanceof DatabaseException) {
      return error;
    }
    if (error instanceof PostgresqlException pg) {
      return fromDetails(pg.getErrorDetails(), sql, error);
    }
    return error;
  }

  /** Translates an error of acquiring a pooled connection. */
  public Throwable acquireError(Throwable error) {
    if (error instanceof ConnectionAcquireTimeoutException
        || error instanceof ConnectionFailedException) {
      return error;
    }
    if (error instanceof R2dbcTimeoutException) {
      return new ConnectionAcquireTimeoutException(
          options.acquireTimeout(), poolStats.get(), error);
    }
    return connectError(error);
  }

  /** Translates an error of opening a connection. */
  public Throwable connectError(Throwable error) {
    if (error instanceof ConnectionFailedException) {
      return error;
    }
    return new ConnectionFailedException(
        options.host(), options.port(), options.database(), options.user(), error);
  }

  /** Builds the typed exception for an {@code ErrorResponse}. */
  public static DatabaseException fromDetails(
      ErrorDetails details, String sql, @Nullable Throwable cause) {
    ServerError error =
        new ServerError(
            details.getCode(),
            stripCode(details.getMessage(), details.getCode()),
            details.getDetail().orElse(null),
            details.getHint().orElse(null),
            details.getPosition().map(ErrorTranslator::parsePosition).orElse(0),
            details.getConstraintName().orElse(null),
            details.getTableName().orElse(null),
            details.getColumnName().orElse(null),
            details.getWhere().orElse(null));
    return switch (error.sqlState()) {
      case "23505" -> new UniqueViolationException(error, sql, cause);
      case "23503" -> new ForeignKeyViolationException(error, sql, cause);
      case "40001" -> new SerializationFailureException(error, sql, cause);
      case "40P01" -> new DeadlockDetectedException(error, sql, cause);
      case "57014" -> new QueryCanceledException(error, sql, cause);
      default ->
          switch (error.sqlStateClass()) {
            case "23" -> new IntegrityViolationException(error, sql, cause);
            case "42" -> new BadSqlException(error, sql, cause);
            default -> new ServerErrorException(error, sql, cause);
          };
    };
  }

  private static String stripCode(String message, String code) {
    String prefix = "[" + code + "] ";
    return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
  }

  private static int parsePosition(String position) {
    try {
      return Math.max(0, Integer.parseInt(position.trim()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
