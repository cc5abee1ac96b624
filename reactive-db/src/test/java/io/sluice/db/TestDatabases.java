package io.sluice.db;

import io.sluice.test.postgres.PostgresDatabase;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Opens {@link Database}s on a test's PostgreSQL database and waits for conditions. */
final class TestDatabases {

  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private TestDatabases() {}

  static Database open(PostgresDatabase postgres, Consumer<DatabaseOptions.Builder> customizer) {
    DatabaseOptions.Builder builder = DatabaseOptions.fromUrl(postgres.r2dbcUrl());
    customizer.accept(builder);
    return Database.create(builder.build());
  }

  static Database open(PostgresDatabase postgres) {
    return open(postgres, b -> {});
  }

  /** Polls {@code value} every 10 ms until it matches; fails after {@code within}. */
  static <T> T await(Supplier<T> value, Predicate<T> condition, Duration within) {
    return Flux.interval(Duration.ZERO, Duration.ofMillis(10))
        .onBackpressureDrop()
        .map(tick -> value.get())
        .filter(condition)
        .blockFirst(within);
  }

  /** Runs {@code query} every 20 ms until its value matches; fails after {@code within}. */
  static <T> T awaitQuery(Supplier<Mono<T>> query, Predicate<T> condition, Duration within) {
    return Flux.interval(Duration.ZERO, Duration.ofMillis(20))
        .onBackpressureDrop()
        .concatMap(tick -> query.get())
        .filter(condition)
        .blockFirst(within);
  }

  /** Waits until no connection of the pool is lent out. */
  static PoolStats awaitPoolIdle(Database database) {
    return await(database::poolStats, stats -> stats.acquired() == 0, Duration.ofSeconds(15));
  }
}
