package io.sluice.db;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * Micrometer gauges of a database's pool: {@code sluice.db.pool.acquired}, {@code .idle}, {@code
 * .pending}, {@code .allocated} and {@code .max}, tagged {@code pool=<poolName>}. Micrometer is an
 * optional dependency: add {@code io.micrometer:micrometer-core} to use this class.
 *
 * <pre>{@code
 * DatabaseMeters.of(database).bindTo(registry);
 * }</pre>
 */
public final class DatabaseMeters implements MeterBinder {

  private final Database database;

  private DatabaseMeters(Database database) {
    this.database = database;
  }

  /** Returns the gauges of {@code database}'s pool, ready to bind to a registry. */
  public static DatabaseMeters of(Database database) {
    return new DatabaseMeters(Objects.requireNonNull(database, "database"));
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    List<Tag> tags = List.of(Tag.of("pool", database.options().poolName()));
    gauge(registry, tags, "acquired", "Connections lent out", PoolStats::acquired);
    gauge(registry, tags, "idle", "Connections idle in the pool", PoolStats::idle);
    gauge(registry, tags, "pending", "Callers waiting for a connection", PoolStats::pending);
    gauge(registry, tags, "allocated", "Connections open", PoolStats::allocated);
    gauge(registry, tags, "max", "Most connections the pool opens", PoolStats::maxSize);
  }

  private void gauge(
      MeterRegistry registry,
      List<Tag> tags,
      String name,
      String description,
      ToIntFunction<PoolStats> value) {
    Gauge.builder("sluice.db.pool." + name, database, db -> value.applyAsInt(db.poolStats()))
        .description(description)
        .tags(tags)
        .register(registry);
  }
}
