package io.sluice.bench.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sluice.db.Database;
import io.sluice.db.DatabaseOptions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import reactor.core.publisher.Flux;

/**
 * Single-row lookups by primary key, 64 in flight at a time: Sluice (one JVM thread per event loop,
 * 64 concurrent publishers) against pgjdbc with HikariCP (64 platform threads blocking on JDBC).
 * Both use a pool of {@link #POOL} connections. Score: lookups per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LookupBenchmark {

  static final int CONCURRENCY = 64;
  static final int POOL = 16;
  static final int LOOKUPS = 4096;
  static final String SQL = "select station, value, label from readings where id = $1";

  record Reading(int station, double value, String label) {}

  @SuppressWarnings("NullAway.Init")
  Database sluice;

  @SuppressWarnings("NullAway.Init")
  HikariDataSource hikari;

  @SuppressWarnings("NullAway.Init")
  ExecutorService threads;

  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    BenchDatabase.create();
    sluice =
        Database.create(
            DatabaseOptions.fromUrl(BenchDatabase.r2dbcUrl())
                .poolSize(POOL)
                .minIdle(POOL)
                .eventLoopThreads(2)
                .build());
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(BenchDatabase.jdbcUrl());
    config.setUsername(BenchDatabase.user());
    config.setPassword(BenchDatabase.password());
    config.setMaximumPoolSize(POOL);
    config.setMinimumIdle(POOL);
    hikari = new HikariDataSource(config);
    threads = Executors.newFixedThreadPool(CONCURRENCY);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws SQLException {
    sluice.close().block(Duration.ofSeconds(30));
    hikari.close();
    threads.shutdownNow();
    BenchDatabase.drop();
  }

  @Benchmark
  @OperationsPerInvocation(LOOKUPS)
  public long sluice() {
    Long total =
        Flux.range(0, LOOKUPS)
            .flatMap(
                i ->
                    sluice
                        .sql(SQL)
                        .bind(randomId())
                        .map(
                            row ->
                                new Reading(
                                    row.get("station", Integer.class),
                                    row.get("value", Double.class),
                                    row.get("label", String.class)))
                        .one(),
                CONCURRENCY)
            .count()
            .block(Duration.ofMinutes(1));
    return total == null ? 0 : total;
  }

  @Benchmark
  @OperationsPerInvocation(LOOKUPS)
  public long jdbcHikari() throws Exception {
    List<Future<Long>> results = new ArrayList<>(CONCURRENCY);
    for (int t = 0; t < CONCURRENCY; t++) {
      results.add(
          threads.submit(
              () -> {
                long found = 0;
                for (int i = 0; i < LOOKUPS / CONCURRENCY; i++) {
                  found += lookup(randomId()) != null ? 1 : 0;
                }
                return found;
              }));
    }
    long total = 0;
    for (Future<Long> result : results) {
      total += result.get();
    }
    return total;
  }

  private @Nullable Reading lookup(int id) throws SQLException {
    try (Connection connection = hikari.getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "select station, value, label from readings where id = ?")) {
      statement.setInt(1, id);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next()
            ? new Reading(rows.getInt(1), rows.getDouble(2), rows.getString(3))
            : null;
      }
    }
  }

  private static int randomId() {
    return ThreadLocalRandom.current().nextInt(1, BenchDatabase.ROWS + 1);
  }
}
