package io.sluice.db;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.util.retry.Retry;
import reactor.util.retry.RetryBackoffSpec;

/**
 * A failure that may go away when the whole transaction runs again: a serialization failure or a
 * deadlock. Retry the publisher that opens the transaction, not a statement inside it:
 *
 * <pre>{@code
 * database.inTransaction(TransactionOptions.serializable(), tx -> transfer(tx, from, to, amount))
 *     .retryWhen(TransientDatabaseException.retry(5, Duration.ofMillis(20)));
 * }</pre>
 */
public abstract sealed class TransientDatabaseException extends DatabaseException
    permits SerializationFailureException, DeadlockDetectedException {

  private static final long serialVersionUID = 1L;

  TransientDatabaseException(ServerError serverError, String sql, @Nullable Throwable cause) {
    super(serverError, sql, cause);
  }

  /**
   * Returns a {@link Retry} that resubscribes after a {@link TransientDatabaseException}, with
   * exponential backoff and jitter, and lets every other error through at once.
   *
   * @param maxRetries how many times to retry, at least 1; past it the last transient error is
   *     propagated (not wrapped)
   * @param firstBackoff the first delay, positive; it doubles on each retry
   * @return a retry spec for {@link reactor.core.publisher.Flux#retryWhen(Retry)}
   */
  public static RetryBackoffSpec retry(long maxRetries, Duration firstBackoff) {
    if (maxRetries < 1) {
      throw new IllegalArgumentException("maxRetries must be >= 1, was " + maxRetries);
    }
    Objects.requireNonNull(firstBackoff, "firstBackoff");
    if (firstBackoff.isNegative() || firstBackoff.isZero()) {
      throw new IllegalArgumentException("firstBackoff must be positive, was " + firstBackoff);
    }
    return Retry.backoff(maxRetries, firstBackoff)
        .filter(TransientDatabaseException.class::isInstance)
        .onRetryExhaustedThrow((spec, signal) -> signal.failure());
  }
}
