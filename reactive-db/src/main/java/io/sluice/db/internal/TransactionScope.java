package io.sluice.db.internal;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.TransactionDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One transaction on one pooled connection: runs its statements, and its savepoints, and knows
 * which statements the server may still be running when the transaction is abandoned.
 */
public final class TransactionScope implements StatementExecutor {

  private final Connection connection;
  private final ErrorTranslator errors;
  private final Set<StatementProgress> statements = ConcurrentHashMap.newKeySet();
  private final AtomicInteger savepoints = new AtomicInteger();
  private volatile boolean ended;

  private TransactionScope(Connection connection, ErrorTranslator errors) {
    this.connection = connection;
    this.errors = errors;
  }

  /**
   * Runs {@code body} in a transaction on a connection from {@code pooled}: commits when the body's
   * publisher completes; rolls back when it fails or is cancelled (first cancelling any statement
   * the server may still be running); gives the connection back in every case.
   */
  public static <T> Flux<T> run(
      PooledExecutor pooled,
      ErrorTranslator errors,
      TransactionDefinition definition,
      Function<TransactionScope, ? extends Publisher<T>> body) {
    return Flux.usingWhen(
        pooled.acquire().map(connection -> new TransactionScope(connection, errors)),
        scope -> scope.runBody(definition, body),
        scope -> scope.end(ConnectionRelease.release(scope.connection)),
        (scope, error) -> scope.end(ConnectionRelease.release(scope.connection)),
        scope -> scope.end(scope.abortAndRelease()));
  }

  private <T> Flux<T> runBody(
      TransactionDefinition definition, Function<TransactionScope, ? extends Publisher<T>> body) {
    Mono<Void> begin =
        Mono.from(connection.beginTransaction(definition))
            .onErrorMap(e -> errors.statementError(e, "BEGIN"));
    Mono<T> commit =
        Mono.defer(() -> Mono.from(connection.commitTransaction()))
            .onErrorMap(e -> errors.statementError(e, "COMMIT"))
            .then(Mono.empty());
    return begin
        .thenMany(Flux.defer(() -> body.apply(this)))
        .concatWith(commit)
        .onErrorResume(
            error -> abort().onErrorResume(e -> suppress(error, e)).then(Mono.error(error)));
  }

  private static Mono<Void> suppress(Throwable error, Throwable other) {
    if (other != error) {
      error.addSuppressed(other);
    }
    return Mono.empty();
  }

  /**
   * Cancels busy statements, rolls back. ROLLBACK is sent whatever the driver believes: abandoned
   * while the answer to BEGIN is still on its way, the driver thinks no transaction is open and
   * would skip its rollback, and the connection would go back to the pool inside a transaction.
   * Outside a transaction PostgreSQL only warns.
   */
  private Mono<Void> abort() {
    return ConnectionRelease.quiesce(
        connection,
        this::snapshot,
        Mono.defer(
                () ->
                    Flux.from(connection.createStatement("ROLLBACK").execute())
                        .concatMap(Result::getRowsUpdated)
                        .then())
            .cache());
  }

  private Mono<Void> abortAndRelease() {
    if (ConnectionRelease.closesConnection(snapshot())) {
      return ConnectionRelease.discard(connection);
    }
    return abort()
        .timeout(ConnectionRelease.ABANDON_TIMEOUT)
        .then(ConnectionRelease.release(connection))
        .onErrorResume(e -> ConnectionRelease.discard(connection));
  }

  private Mono<Void> end(Mono<Void> release) {
    return Mono.defer(
        () -> {
          ended = true;
          return release;
        });
  }

  private List<StatementProgress> snapshot() {
    return new ArrayList<>(statements);
  }

  /**
   * Runs {@code body} inside a savepoint: released when the body completes, rolled back to when it
   * fails or is cancelled; the enclosing transaction goes on either way.
   */
  public <T> Flux<T> savepoint(Function<TransactionScope, ? extends Publisher<T>> body) {
    return Flux.defer(
        () -> {
          checkOpen();
          String name = "sluice_savepoint_" + savepoints.incrementAndGet();
          Mono<String> create =
              Mono.from(connection.createSavepoint(name))
                  .onErrorMap(e -> errors.statementError(e, "SAVEPOINT " + name))
                  .thenReturn(name);
          return Flux.usingWhen(
              create,
              ignored -> body.apply(this),
              ignored ->
                  Mono.from(connection.releaseSavepoint(name))
                      .onErrorMap(e -> errors.statementError(e, "RELEASE SAVEPOINT " + name)),
              (ignored, error) -> rollbackTo(name),
              ignored -> rollbackTo(name));
        });
  }

  private Mono<Void> rollbackTo(String name) {
    return ConnectionRelease.quiesce(
            connection,
            this::snapshot,
            Mono.defer(() -> Mono.from(connection.rollbackTransactionToSavepoint(name))).cache())
        .onErrorMap(e -> errors.statementError(e, "ROLLBACK TO SAVEPOINT " + name));
  }

  @Override
  public <T> Flux<T> execute(
      StatementProgress progress, Function<Connection, ? extends Publisher<T>> work) {
    return Flux.defer(
        () -> {
          checkOpen();
          statements.add(progress);
          return Flux.from(work.apply(connection))
              .doOnComplete(() -> statements.remove(progress))
              .doOnError(e -> statements.remove(progress));
        });
  }

  @Override
  public boolean transactional() {
    return true;
  }

  @Override
  public String toString() {
    return (ended ? "ended" : "open") + " on " + connection;
  }

  private void checkOpen() {
    if (ended) {
      throw new IllegalStateException(
          "The transaction has ended: use a Transaction only inside the function given to"
              + " inTransaction, and only until the publisher it returned terminates");
    }
  }
}
