package io.sluice.db;

import io.r2dbc.spi.R2dbcTimeoutException;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * No pooled connection became available within the acquire timeout: every connection was busy (the
 * pool is exhausted) or a new one could not be opened in time. {@link #poolStats()} tells which.
 */
public final class ConnectionAcquireTimeoutException extends R2dbcTimeoutException {

  private static final long serialVersionUID = 1L;

  private final Duration acquireTimeout;
  private final PoolStats poolStats;

  /**
   * Creates the exception.
   *
   * @param acquireTimeout the timeout that elapsed
   * @param poolStats the pool when it elapsed
   * @param cause the pool's exception, if any
   */
  public ConnectionAcquireTimeoutException(
      Duration acquireTimeout, PoolStats poolStats, @Nullable Throwable cause) {
    super(
        "No connection available within "
            + Objects.requireNonNull(acquireTimeout, "acquireTimeout").toMillis()
            + " ms: "
            + Objects.requireNonNull(poolStats, "poolStats")
            + (poolStats.acquired() >= poolStats.maxSize()
                ? ". The pool is exhausted: release connections sooner (cancel or complete"
                    + " long streams), or raise DatabaseOptions.poolSize or acquireTimeout"
                : ". Opening a connection took too long: check the server, or raise"
                    + " DatabaseOptions.acquireTimeout"),
        cause);
    this.acquireTimeout = acquireTimeout;
    this.poolStats = poolStats;
  }

  /** Returns the timeout that elapsed. */
  public Duration acquireTimeout() {
    return acquireTimeout;
  }

  /** Returns the pool's state when the timeout elapsed. */
  public PoolStats poolStats() {
    return poolStats;
  }
}
