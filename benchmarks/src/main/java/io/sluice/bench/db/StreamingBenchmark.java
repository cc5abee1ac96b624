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
import java.util.concurrent.TimeUnit;
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

/**
 * Streams the whole {@code readings} table ({@value BenchDatabase#ROWS} rows) and maps every row:
 * Sluice's demand-driven portal ({@code all()}, fetch size 1000) and COPY TO STDOUT, against pgjdbc
 * with a 1000-row fetch size on a HikariCP connection. Score: rows per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class StreamingBenchmark {

  static final String SQL = "select id, station, value, label from readings";

  record Reading(int id, int station, double value, String label) {}

  @SuppressWarnings("NullAway.Init")
  Database sluice;

  @SuppressWarnings("NullAway.Init")
  HikariDataSource hikari;

  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    BenchDatabase.create();
    sluice =
        Database.create(
            DatabaseOptions.fromUrl(BenchDatabase.r2dbcUrl())
                .poolSize(2)
                .eventLoopThreads(1)
                .build());
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(BenchDatabase.jdbcUrl());
    config.setUsername(BenchDatabase.user());
    config.setPassword(BenchDatabase.password());
    config.setMaximumPoolSize(2);
    hikari = new HikariDataSource(config);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws SQLException {
    sluice.close().block(Duration.ofSeconds(30));
    hikari.close();
    BenchDatabase.drop();
  }

  @Benchmark
  @OperationsPerInvocation(BenchDatabase.ROWS)
  public long sluiceRows() {
    Long count =
        sluice
            .sql(SQL)
            .map(
                row ->
                    new Reading(
                        row.get("id", Integer.class),
                        row.get("station", Integer.class),
                        row.get("value", Double.class),
                        row.get("label", String.class)))
            .all()
            .count()
            .block(Duration.ofMinutes(1));
    return count == null ? 0 : count;
  }

  @Benchmark
  @OperationsPerInvocation(BenchDatabase.ROWS)
  public long sluiceCopyOut() {
    Long bytes =
        sluice
            .copyOut("copy readings to stdout")
            .map(chunk -> (long) chunk.remaining())
            .reduce(0L, Long::sum)
            .block(Duration.ofMinutes(1));
    return bytes == null ? 0 : bytes;
  }

  @Benchmark
  @OperationsPerInvocation(BenchDatabase.ROWS)
  public long jdbcHikari() throws SQLException {
    long count = 0;
    try (Connection connection = hikari.getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement statement = connection.prepareStatement(SQL)) {
        statement.setFetchSize(1000);
        try (ResultSet rows = statement.executeQuery()) {
          while (rows.next()) {
            Reading reading =
                new Reading(rows.getInt(1), rows.getInt(2), rows.getDouble(3), rows.getString(4));
            count += reading.id() > 0 ? 1 : 0;
          }
        }
      }
      connection.commit();
    }
    return count;
  }
}
