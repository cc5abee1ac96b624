package io.sluice.test.postgres;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Runs SQL on a test database through r2dbc-postgresql, the driver Sluice builds on. */
final class R2dbcProbe {

  private final ConnectionFactory factory;

  R2dbcProbe(PostgresDatabase database) {
    this.factory = ConnectionFactories.get(database.r2dbcUrl());
  }

  void execute(String... statements) {
    Flux.usingWhen(
            factory.create(),
            connection ->
                Flux.fromArray(statements)
                    .concatMap(sql -> Flux.from(connection.createStatement(sql).execute()))
                    .concatMap(result -> result.getRowsUpdated()),
            Connection::close)
        .then()
        .block();
  }

  List<String> strings(String sql) {
    return Flux.usingWhen(
            factory.create(),
            connection ->
                Mono.from(connection.createStatement(sql).execute())
                    .flatMapMany(result -> result.map(row -> String.valueOf(row.get(0)))),
            Connection::close)
        .collectList()
        .block();
  }
}
