package io.sluice.db.internal;

import io.netty.util.ReferenceCountUtil;
import io.netty.util.ReferenceCounted;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Parameter;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.Statement;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Builds and runs driver statements: binds values, sets the fetch size, maps rows. */
public final class Statements {

  private final ErrorTranslator errors;

  /** Creates the runner. */
  public Statements(ErrorTranslator errors) {
    this.errors = errors;
  }

  /**
   * Runs a query and maps its rows.
   *
   * @param fetchSize rows per fetch through a portal, or 0 to fetch everything in one go
   */
  public <T> Flux<T> rows(
      Connection connection,
      String sql,
      List<@Nullable Object> values,
      int fetchSize,
      Function<Row, ? extends T> mapper,
      StatementProgress progress) {
    return finish(
        Flux.defer(
            () -> {
              progress.fetchSize(fetchSize);
              Statement statement = bind(connection.createStatement(sql), values);
              statement.fetchSize(fetchSize);
              return Flux.from(statement.execute())
                  .concatMap(result -> mapRows(result, sql, mapper, progress), 1);
            }),
        sql,
        progress);
  }

  /**
   * Runs a query as one pipelined exchange on a shared connection and maps its rows, which are all
   * fetched at once.
   */
  public <T> Flux<T> rows(
      PipelinedConnection connection,
      String sql,
      List<@Nullable Object> values,
      Function<Row, ? extends T> mapper,
      StatementProgress progress) {
    return finish(
        Flux.defer(
            () -> {
              progress.fetchSize(0);
              return connection.execute(
                  sql, values, result -> mapRows(result, sql, mapper, progress));
            }),
        sql,
        progress);
  }

  /** Runs a statement as one pipelined exchange on a shared connection; emits the rows updated. */
  public Mono<Long> rowsUpdated(
      PipelinedConnection connection,
      String sql,
      List<@Nullable Object> values,
      StatementProgress progress) {
    return finish(
            Flux.defer(
                () -> {
                  progress.fetchSize(0);
                  return connection.execute(sql, values, Result::getRowsUpdated);
                }),
            sql,
            progress)
        .reduce(0L, Long::sum);
  }

  private <T> Flux<T> mapRows(
      Result result, String sql, Function<Row, ? extends T> mapper, StatementProgress progress) {
    return Flux.<T>from(
            result.map(
                (row, metadata) -> {
                  progress.rowReceived();
                  T value = mapper.apply(row);
                  if (value == null) {
                    throw new NullPointerException(
                        "The row mapper returned null for row "
                            + progress.rowsReceived()
                            + " of: "
                            + sql);
                  }
                  return value;
                }))
        // Rows buffered in a cancelled result are discarded with the subscriber's context:
        // release them.
        .doOnDiscard(ReferenceCounted.class, ReferenceCountUtil::release);
  }

  private <T> Flux<T> finish(Flux<T> statement, String sql, StatementProgress progress) {
    return statement
        .doOnComplete(progress::done)
        .onErrorMap(e -> errors.statementError(e, sql))
        .doOnError(e -> markDoneIfServerError(e, progress));
  }

  /** Runs a statement and sums the rows it updated, fetching any rows it returns at once. */
  public Mono<Long> rowsUpdated(
      Connection connection,
      String sql,
      List<@Nullable Object> values,
      StatementProgress progress) {
    return sumRowsUpdated(sql, progress, () -> bind(connection.createStatement(sql), values));
  }

  /** Runs one statement with many bindings and sums the rows updated. */
  public Mono<Long> batch(
      Connection connection,
      String sql,
      List<? extends List<@Nullable Object>> bindings,
      StatementProgress progress) {
    return sumRowsUpdated(
        sql,
        progress,
        () -> {
          Statement statement = connection.createStatement(sql);
          for (int i = 0; i < bindings.size(); i++) {
            if (i > 0) {
              statement.add();
            }
            bind(statement, bindings.get(i));
          }
          return statement;
        });
  }

  private Mono<Long> sumRowsUpdated(
      String sql, StatementProgress progress, Supplier<Statement> statement) {
    return Flux.defer(
            () -> {
              progress.fetchSize(0);
              return Flux.from(statement.get().execute());
            })
        .concatMap(
            result ->
                Mono.from(result.getRowsUpdated())
                    .doOnDiscard(ReferenceCounted.class, ReferenceCountUtil::release),
            1)
        .reduce(0L, Long::sum)
        .doOnSuccess(ignored -> progress.done())
        .onErrorMap(e -> errors.statementError(e, sql))
        .doOnError(e -> markDoneIfServerError(e, progress));
  }

  private static void markDoneIfServerError(Throwable error, StatementProgress progress) {
    if (error instanceof io.sluice.db.DatabaseException) {
      progress.done();
    }
  }

  private static Statement bind(Statement statement, List<@Nullable Object> values) {
    for (int i = 0; i < values.size(); i++) {
      Object value = values.get(i);
      if (value == null) {
        statement.bindNull(i, String.class);
      } else if (value instanceof Parameter parameter) {
        statement.bind(i, parameter);
      } else {
        statement.bind(i, value);
      }
    }
    return statement;
  }
}
