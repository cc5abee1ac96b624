package io.sluice.db.internal;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.Connection;
import io.sluice.db.DatabaseException;
import java.util.List;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs each statement on a connection borrowed from the pool for the length of one subscription,
 * given back on completion, error and cancel (see {@link ConnectionRelease}).
 */
public final class PooledExecutor implements StatementExecutor {

  private final ConnectionPool pool;
  private final ErrorTranslator errors;

  /** Creates the executor over a pool. */
  public PooledExecutor(ConnectionPool pool, ErrorTranslator errors) {
    this.pool = pool;
    this.errors = errors;
  }

  /** Borrows a connection; fails with a typed acquire timeout or connection failure. */
  public Mono<Connection> acquire() {
    return pool.create().onErrorMap(errors::acquireError);
  }

  @Override
  public <T> Flux<T> execute(
      StatementProgress progress, Function<Connection, ? extends Publisher<T>> work) {
    return Flux.usingWhen(
        acquire(),
        work,
        ConnectionRelease::release,
        (connection, error) ->
            error instanceof DatabaseException
                ? ConnectionRelease.release(connection)
                : ConnectionRelease.abandon(connection, () -> List.of(progress)),
        connection -> ConnectionRelease.abandon(connection, () -> List.of(progress)));
  }

  /** Returns the translator of this executor's errors. */
  public ErrorTranslator errors() {
    return errors;
  }

  @Override
  public boolean transactional() {
    return false;
  }
}
