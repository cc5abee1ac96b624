package io.sluice.demo.ops;

import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import io.sluice.db.ConnectionAcquireTimeoutException;
import io.sluice.db.ConnectionFailedException;
import io.sluice.net.http.ProblemException;
import io.sluice.net.http.RequestHandler;
import java.nio.channels.ClosedChannelException;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

/**
 * Turns "the database cannot be reached" into {@code 503} problem+json, so that a client sees a
 * short, retryable answer instead of a {@code 500} while PostgreSQL is down, restarting or out of
 * connections.
 *
 * <p>An outage is: a connection that could not be opened ({@link ConnectionFailedException}), no
 * pooled connection within the pool's acquire timeout ({@link ConnectionAcquireTimeoutException}),
 * a connection lost under a statement (an R2DBC resource exception, or a closed channel anywhere in
 * the cause chain). Everything else, including every error PostgreSQL answers with, passes through
 * unchanged.
 */
public final class DatabaseOutage {

  /** Seconds a client is told to wait before retrying, {@value}. */
  public static final int RETRY_AFTER_SECONDS = 1;

  /** SQLSTATE class 08, connection exception (such as 08006, the connection was closed). */
  private static final String CONNECTION_EXCEPTION_CLASS = "08";

  private DatabaseOutage() {}

  /**
   * Wraps a handler so that an outage while it produces its response head becomes {@code 503}.
   *
   * @param handler the handler using the database
   * @return the wrapped handler
   */
  public static RequestHandler guard(RequestHandler handler) {
    Objects.requireNonNull(handler, "handler");
    return request ->
        handler.handle(request).onErrorMap(DatabaseOutage::isOutage, DatabaseOutage::problem);
  }

  /**
   * Maps an outage in a streamed body to {@code 503}; the server answers with it if the stream
   * fails before the response head was sent, and closes the connection otherwise.
   *
   * @param stream rows read from the database
   * @param <T> the element type
   * @return the same stream with outages mapped
   */
  public static <T> Flux<T> guard(Flux<T> stream) {
    return stream.onErrorMap(DatabaseOutage::isOutage, DatabaseOutage::problem);
  }

  /**
   * Returns whether an error means the database is unreachable rather than that it refused a
   * statement.
   *
   * @param error the error
   * @return true for connection failures, acquire timeouts and lost connections
   */
  public static boolean isOutage(Throwable error) {
    if (error instanceof ProblemException) {
      return false;
    }
    for (@Nullable Throwable e = error; e != null; e = e.getCause()) {
      if (e instanceof ConnectionFailedException
          || e instanceof ConnectionAcquireTimeoutException
          || e instanceof R2dbcNonTransientResourceException
          || e instanceof R2dbcTransientResourceException
          || e instanceof ClosedChannelException) {
        return true;
      }
      if (e instanceof R2dbcException r2dbc
          && r2dbc.getSqlState() != null
          && r2dbc.getSqlState().startsWith(CONNECTION_EXCEPTION_CLASS)) {
        return true;
      }
      if (e.getCause() == e) {
        break;
      }
    }
    return false;
  }

  /**
   * The {@code 503} answer to an outage; the original error is its cause (for the log), never shown
   * to the client.
   *
   * @param error the outage
   * @return a problem with status {@code 503} and members {@code database: DOWN} and {@code
   *     retryAfterSeconds}
   */
  public static ProblemException problem(Throwable error) {
    ProblemException problem =
        new ProblemException(
            503,
            "The database is not reachable right now; retry in a moment",
            Map.of("database", "DOWN", "retryAfterSeconds", RETRY_AFTER_SECONDS));
    problem.initCause(error);
    return problem;
  }
}
