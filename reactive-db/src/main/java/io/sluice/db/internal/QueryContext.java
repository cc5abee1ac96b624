package io.sluice.db.internal;

import io.sluice.db.DatabaseOptions;
import java.nio.ByteBuffer;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What a query needs to run: where (a pooled or a transaction's connection), how (statements and
 * COPY), and the fetch-size bounds.
 *
 * @param executor runs work on a connection
 * @param singleRoundTrip runs statements whose whole result comes in one round trip: {@code
 *     executor}, or connections shared by concurrent statements outside transactions
 * @param statements binds and runs statements
 * @param copy runs COPY
 * @param options fetch sizes
 */
public record QueryContext(
    StatementExecutor executor,
    StatementExecutor singleRoundTrip,
    Statements statements,
    Copy copy,
    DatabaseOptions options) {

  /** A context that runs everything on {@code executor}. */
  public QueryContext(
      StatementExecutor executor, Statements statements, Copy copy, DatabaseOptions options) {
    this(executor, executor, statements, copy, options);
  }

  /** Runs a COPY FROM STDIN on this context's connection. */
  public Mono<Long> copyIn(String sql, Publisher<ByteBuffer> data) {
    return Mono.defer(
        () -> {
          StatementProgress progress = StatementProgress.selfCancelling();
          return executor
              .execute(progress, connection -> copy.in(connection, sql, data, progress))
              .singleOrEmpty();
        });
  }

  /** Runs a COPY TO STDOUT on this context's connection. */
  public Flux<ByteBuffer> copyOut(String sql) {
    return Flux.defer(
        () -> {
          StatementProgress progress = StatementProgress.closingOnAbandon();
          return executor.execute(progress, connection -> copy.out(connection, sql, progress));
        });
  }
}
