package io.sluice.db;

import io.r2dbc.spi.Connection;
import io.sluice.db.internal.DemandSizedFlux;
import io.sluice.db.internal.StatementExecutor;
import io.sluice.db.internal.StatementProgress;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A query with a row mapper: the last stage, choosing how many rows to read. Immutable; every
 * publisher it returns runs the query again on each subscription.
 *
 * @param <T> the type rows are mapped to
 */
public final class MappedQuery<T> {

  private final Query query;
  private final RowMapper<? extends T> mapper;

  MappedQuery(Query query, RowMapper<? extends T> mapper) {
    this.query = query;
    this.mapper = mapper;
  }

  /**
   * Streams every row, mapped, through a server-side cursor (a portal) whose fetch size follows
   * demand.
   *
   * <p><b>Backpressure:</b> nothing is sent to the server before the first request. The cursor then
   * fetches that many rows ({@link DatabaseOptions#minFetchSize()} at least, {@link
   * DatabaseOptions#maxFetchSize()} at most, or {@link Query#fetchSize(int)} if set), and fetches
   * the next batch only when the subscriber has taken the current one, so memory holds one batch
   * however large the result. No transaction is needed: the portal lives in the statement's
   * implicit transaction. <b>Cancellation:</b> closes the portal; if the server is still computing
   * a batch, sends it a CancelRequest; returns the connection to the pool once it is idle again.
   * The connection is held for the life of the stream; {@link #keyset(String, Class)} reads in
   * pages instead and holds no connection between them. <b>Errors:</b> as {@link
   * Query#rowsUpdated()}, and a {@link NullPointerException} if the mapper returns null.
   * <b>Defaults:</b> fetch sizes 16 to 1000.
   */
  public Flux<T> all() {
    query.checkBound();
    return Flux.defer(
        () -> {
          StatementProgress progress = StatementProgress.query();
          int fixed = query.fixedFetchSize();
          int min = fixed > 0 ? fixed : query.context().options().minFetchSize();
          int max = fixed > 0 ? fixed : query.context().options().maxFetchSize();
          return new DemandSizedFlux<T>(
              min, max, fetchSize -> rows(query.context().executor(), fetchSize, progress));
        });
  }

  /**
   * Emits the first row, mapped, or completes empty if there is none. Only one row is fetched.
   *
   * <p><b>Backpressure:</b> a single value. <b>Cancellation:</b> as {@link #all()}. <b>Errors:</b>
   * as {@link #all()}.
   */
  public Mono<T> first() {
    query.checkBound();
    return Flux.defer(
            () -> {
              StatementProgress progress = StatementProgress.query();
              return rows(query.context().executor(), 1, progress);
            })
        .next();
  }

  /**
   * Emits the only row, mapped, or completes empty if there is none; fails with {@link
   * IndexOutOfBoundsException} if there are more. The whole result is fetched in one round trip,
   * the fastest path for lookups by key.
   *
   * <p><b>Backpressure:</b> a single value. <b>Cancellation:</b> as {@link #all()}; on a shared
   * connection ({@link DatabaseOptions.Builder#sharedConnections}) the driver discards the rest of
   * the result instead. <b>Errors:</b> as {@link #all()}, and {@link IndexOutOfBoundsException} for
   * a second row.
   */
  public Mono<T> one() {
    query.checkBound();
    return Flux.defer(
            () -> {
              StatementProgress progress = StatementProgress.query();
              // Without parameters the driver would fall back to the simple query protocol for
              // fetch size 0, whose cancellation path leaks row buffers; a single unbounded fetch
              // through a portal keeps every row query on the extended protocol.
              int fetchSize = query.values().isEmpty() ? Integer.MAX_VALUE : 0;
              return query
                  .context()
                  .singleRoundTrip()
                  .executeWhole(
                      progress,
                      connection -> statementRows(connection, fetchSize, progress),
                      pipelined ->
                          query
                              .context()
                              .statements()
                              .<T>rows(
                                  pipelined, query.sql(), query.values(), mapper::map, progress));
            })
        .take(2)
        .collectList()
        .flatMap(
            list -> {
              if (list.size() > 1) {
                return Mono.error(
                    new IndexOutOfBoundsException(
                        "one() expected at most one row but the query returned more: "
                            + query.sql()));
              }
              return Mono.justOrEmpty(list.isEmpty() ? null : list.get(0));
            });
  }

  /**
   * Reads the rows in pages ordered by {@code keyColumn}, each page on a connection borrowed only
   * while it is fetched, instead of one cursor holding a connection for the life of the stream. See
   * {@link KeysetQuery} for how pages are built and what consistency they give.
   *
   * @param keyColumn an output column of the query: unique, never NULL, ideally indexed; written as
   *     PostgreSQL names it (unquoted names are lower case)
   * @param keyType the Java type the key column is read as, such as {@code Long.class}
   * @return the keyset stage, with {@value KeysetQuery#DEFAULT_PAGE_SIZE} rows per page
   * @throws IllegalArgumentException if {@code keyColumn} is blank
   */
  public <K> KeysetQuery<T, K> keyset(String keyColumn, Class<K> keyType) {
    Objects.requireNonNull(keyColumn, "keyColumn");
    Objects.requireNonNull(keyType, "keyType");
    if (keyColumn.isBlank()) {
      throw new IllegalArgumentException("keyColumn must not be blank");
    }
    return new KeysetQuery<>(
        query, mapper, keyColumn, keyType, KeysetQuery.DEFAULT_PAGE_SIZE, null);
  }

  private Flux<T> rows(StatementExecutor executor, int fetchSize, StatementProgress progress) {
    return executor.execute(progress, connection -> statementRows(connection, fetchSize, progress));
  }

  private Flux<T> statementRows(Connection connection, int fetchSize, StatementProgress progress) {
    return query
        .context()
        .statements()
        .<T>rows(connection, query.sql(), query.values(), fetchSize, mapper::map, progress);
  }
}
