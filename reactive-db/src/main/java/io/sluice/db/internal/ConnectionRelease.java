package io.sluice.db.internal;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ValidationDepth;
import java.time.Duration;
import java.util.Collection;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Gives connections back to the pool, and what to do first when their work was abandoned (cancelled
 * or failed on the client) while the server may still be running it.
 *
 * <p>Abandoning a statement: if the server may be busy, send a PostgreSQL CancelRequest on a
 * separate connection (its completion means the postmaster has signalled the backend); then run a
 * round trip on the connection itself, which queues behind the driver's draining of the old
 * statement (the driver closes the portal and syncs), so it completes only once the connection is
 * idle again; then release. If any step fails or takes longer than {@link #ABANDON_TIMEOUT}, the
 * physical connection is closed and the pool discards it instead of lending it out poisoned.
 */
public final class ConnectionRelease {

  /**
   * How long an abandoned statement that may be running gets to finish on its own (a batch in
   * flight usually does) before a CancelRequest is sent: {@code 50 ms}.
   */
  public static final Duration CANCEL_GRACE = Duration.ofMillis(50);

  /** How long abandoning a connection may take before it is closed instead. */
  public static final Duration ABANDON_TIMEOUT = Duration.ofSeconds(10);

  private ConnectionRelease() {}

  /** Releases a connection whose work completed. */
  public static Mono<Void> release(Connection connection) {
    return Mono.from(connection.close());
  }

  /** Cancels the server work if it may be running, waits until the connection is idle. */
  public static Mono<Void> quiesce(
      Connection connection, Supplier<? extends Collection<StatementProgress>> statements) {
    return quiesce(connection, statements, roundTrip(connection));
  }

  /**
   * Runs {@code roundTrip} (a statement on the connection, which runs once the abandoned work is
   * drained), sending a CancelRequest first if it does not come back within {@link #CANCEL_GRACE}
   * while the server may be busy.
   */
  public static Mono<Void> quiesce(
      Connection connection,
      Supplier<? extends Collection<StatementProgress>> statements,
      Mono<Void> roundTrip) {
    return Mono.defer(
        () -> {
          boolean busy = false;
          for (StatementProgress progress : statements.get()) {
            busy |= progress.serverMayBeBusy();
          }
          if (!busy) {
            return roundTrip;
          }
          // The round trip must never be cancelled: the driver stalls a connection whose
          // conversation is cancelled before its response arrived. So it runs to the end, and a
          // CancelRequest is sent beside it if it has not finished within the grace period. Once
          // started, the CancelRequest is always awaited: released early, the connection could
          // run the next user's statement by the time the stale cancel reaches the server.
          Sinks.Empty<Void> finished = Sinks.empty();
          Mono<Void> trip = roundTrip.doFinally(signal -> finished.tryEmitEmpty());
          Mono<Void> cancelIfSlow =
              Mono.delay(CANCEL_GRACE)
                  .takeUntilOther(finished.asMono())
                  .flatMap(tick -> Mono.from(DriverAccess.postgres(connection).cancelRequest()));
          return Mono.when(trip, cancelIfSlow);
        });
  }

  /** Quiesces, then releases; closes the physical connection if quiescing fails. */
  public static Mono<Void> abandon(
      Connection connection, Supplier<? extends Collection<StatementProgress>> statements) {
    if (closesConnection(statements.get())) {
      return discard(connection);
    }
    return quiesce(connection, statements)
        .timeout(ABANDON_TIMEOUT)
        .then(release(connection))
        .onErrorResume(e -> discard(connection));
  }

  /** Returns whether one of the abandoned statements requires closing the connection. */
  public static boolean closesConnection(Collection<StatementProgress> statements) {
    for (StatementProgress progress : statements) {
      if (progress.closesConnectionWhenAbandoned()) {
        return true;
      }
    }
    return false;
  }

  /** Closes the physical connection, then hands the wrapper back so the pool drops it. */
  public static Mono<Void> discard(Connection connection) {
    return Mono.defer(() -> Mono.from(DriverAccess.postgres(connection).close()))
        .onErrorResume(e -> Mono.empty())
        .then(Mono.defer(() -> Mono.from(connection.close())))
        .onErrorResume(e -> Mono.empty());
  }

  private static Mono<Void> roundTrip(Connection connection) {
    return Mono.from(connection.validate(ValidationDepth.REMOTE))
        .flatMap(
            valid ->
                valid
                    ? Mono.<Void>empty()
                    : Mono.error(new IllegalStateException("connection failed validation")));
  }
}
