package io.sluice.db;

import io.sluice.db.internal.Placeholders;
import io.sluice.db.internal.PooledExecutor;
import io.sluice.db.internal.QueryContext;
import io.sluice.db.internal.RecordRowMapper;
import io.sluice.db.internal.StatementExecutor;
import io.sluice.db.internal.StatementProgress;
import io.sluice.db.internal.Statements;
import io.sluice.db.internal.TransactionScope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A SQL statement with its bound values: the first stage of {@code sql(..) → bind(..) → map(..) →
 * one()/first()/all()} or {@code → rowsUpdated()}. Immutable: each stage returns a new object, and
 * every publisher it returns does the work again on each subscription.
 *
 * <p>Parameters are positional, {@code $1}, {@code $2}, ... as PostgreSQL writes them. Values are
 * always sent as bound parameters, never spliced into the SQL text. A {@code null} value binds SQL
 * {@code NULL}; for a typed NULL bind {@code io.r2dbc.spi.Parameters.in(Type.class)}.
 */
public final class Query {

  private final QueryContext context;
  private final String sql;
  private final int parameterCount;
  private final List<@Nullable Object> values;
  private final int fetchSize;

  Query(QueryContext context, String sql) {
    this(context, sql, Placeholders.count(sql), List.of(), 0);
  }

  private Query(
      QueryContext context,
      String sql,
      int parameterCount,
      List<@Nullable Object> values,
      int fetchSize) {
    this.context = context;
    this.sql = sql;
    this.parameterCount = parameterCount;
    this.values = values;
    this.fetchSize = fetchSize;
  }

  /** Returns the SQL text. */
  public String sql() {
    return sql;
  }

  /**
   * Binds values to {@code $1..$n}, replacing any bound before.
   *
   * @param values one value per parameter, in order; {@code null} binds SQL NULL
   * @return a new query with these values
   * @throws IllegalArgumentException if the count differs from the parameters in the SQL
   */
  public Query bind(@Nullable Object... values) {
    Objects.requireNonNull(values, "values");
    List<@Nullable Object> copy =
        Collections.unmodifiableList(new ArrayList<>(Arrays.asList(values)));
    checkCount(copy.size());
    return new Query(context, sql, parameterCount, copy, fetchSize);
  }

  /**
   * Fixes the number of rows each fetch of {@link MappedQuery#all()} brings, instead of following
   * the subscriber's demand.
   *
   * @param rows rows per fetch, at least 1
   * @return a new query with this fetch size
   */
  public Query fetchSize(int rows) {
    if (rows < 1) {
      throw new IllegalArgumentException("fetchSize must be >= 1, was " + rows);
    }
    return new Query(context, sql, parameterCount, values, rows);
  }

  /**
   * Maps each row with {@code mapper}.
   *
   * @param mapper called once per row on the connection's event loop; must not return null
   * @return the mapping stage
   */
  public <T> MappedQuery<T> map(RowMapper<? extends T> mapper) {
    Objects.requireNonNull(mapper, "mapper");
    return new MappedQuery<>(this, mapper);
  }

  /**
   * Maps each row to {@code type}: a record's components are read from the columns of the same name
   * (ignoring case and underscores, so {@code createdAt} reads {@code created_at}); any other type
   * reads the first column, such as {@code map(Long.class)} for {@code select count(*)}.
   *
   * @param type a record class, or the Java type of the first column
   * @return the mapping stage
   */
  public <T> MappedQuery<T> map(Class<T> type) {
    Objects.requireNonNull(type, "type");
    return new MappedQuery<>(this, RecordRowMapper.of(type));
  }

  /**
   * Runs the statement and emits the number of rows it inserted, updated or deleted (0 for
   * statements that change no rows). Without parameters, the SQL may hold several statements
   * separated by semicolons; their counts are summed.
   *
   * <p>Outside a transaction, with {@link DatabaseOptions.Builder#sharedConnections} set, it runs
   * on a shared connection: do not use it then for statements that change the session ({@code SET},
   * {@code BEGIN}, {@code LISTEN}), which would change it for every statement sharing the
   * connection.
   *
   * <p><b>Backpressure:</b> a single value. <b>Cancellation:</b> cancels the statement on the
   * server if it is still running and returns the connection to the pool. <b>Errors:</b> a {@link
   * DatabaseException} subclass for what the server rejected; {@link
   * ConnectionAcquireTimeoutException} or {@link ConnectionFailedException} when no connection
   * could be had.
   */
  public Mono<Long> rowsUpdated() {
    checkBound();
    return Mono.defer(
        () -> {
          StatementProgress progress = StatementProgress.query();
          Statements statements = context.statements();
          StatementExecutor executor = context.singleRoundTrip();
          Flux<Long> counts =
              values.isEmpty()
                  // may hold several statements: only the driver's simple query protocol runs them
                  ? executor.execute(
                      progress,
                      connection -> statements.rowsUpdated(connection, sql, values, progress))
                  : executor.executeWhole(
                      progress,
                      connection -> statements.rowsUpdated(connection, sql, values, progress),
                      pipelined -> statements.rowsUpdated(pipelined, sql, values, progress));
          return counts.singleOrEmpty().defaultIfEmpty(0L);
        });
  }

  /**
   * Runs the statement once per element of {@code rows}, each a list of values for {@code $1..$n},
   * and emits the total rows updated. On a {@link Database} it runs in one transaction, so either
   * every row is applied or none is; in a {@link Transaction}, in that transaction.
   *
   * <p><b>Backpressure:</b> requests {@code rows} in groups of {@value #BATCH_SIZE}, each sent as
   * one statement with many bindings before the next group is requested. <b>Cancellation:</b> rolls
   * back (on a Database). <b>Errors:</b> as {@link #rowsUpdated()}; an {@link
   * IllegalArgumentException} for an element with the wrong number of values.
   *
   * @param rows the values of each execution
   * @return the total number of rows updated
   */
  public Mono<Long> batch(Publisher<? extends List<?>> rows) {
    Objects.requireNonNull(rows, "rows");
    if (context.executor() instanceof PooledExecutor pooled) {
      return TransactionScope.run(
              pooled,
              pooled.errors(),
              TransactionOptions.DEFAULT,
              scope ->
                  batchOn(
                      new QueryContext(
                          scope, context.statements(), context.copy(), context.options()),
                      rows))
          .singleOrEmpty()
          .defaultIfEmpty(0L);
    }
    return batchOn(context, rows);
  }

  private Mono<Long> batchOn(QueryContext on, Publisher<? extends List<?>> rows) {
    return Flux.from(rows)
        .map(
            row -> {
              checkCount(row.size());
              return Collections.<@Nullable Object>unmodifiableList(new ArrayList<>(row));
            })
        .buffer(BATCH_SIZE)
        .concatMap(
            group -> {
              StatementProgress progress = StatementProgress.query();
              return on.executor()
                  .execute(
                      progress,
                      connection -> on.statements().batch(connection, sql, group, progress));
            },
            1)
        .reduce(0L, Long::sum);
  }

  /** Rows per statement execution of {@link #batch(Publisher)}: {@value}. */
  public static final int BATCH_SIZE = 256;

  QueryContext context() {
    return context;
  }

  List<@Nullable Object> values() {
    return values;
  }

  int fixedFetchSize() {
    return fetchSize;
  }

  void checkBound() {
    checkCount(values.size());
  }

  private void checkCount(int count) {
    if (count != parameterCount) {
      throw new IllegalArgumentException(
          "The SQL has "
              + parameterCount
              + " parameter"
              + (parameterCount == 1 ? "" : "s")
              + (parameterCount == 0 ? "" : " ($1..$" + parameterCount + ")")
              + " but "
              + count
              + " value"
              + (count == 1 ? " was" : "s were")
              + " bound: "
              + sql);
    }
  }

  @Override
  public String toString() {
    return "Query[" + sql + ", " + values.size() + " values]";
  }
}
