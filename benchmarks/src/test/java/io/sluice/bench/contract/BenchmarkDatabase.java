package io.sluice.bench.contract;

import io.sluice.test.postgres.PostgresDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Objects;

/** Loads the contract's {@code schema.sql} into a test database and configures servers for it. */
final class BenchmarkDatabase {

  private BenchmarkDatabase() {}

  /** Creates and fills the contract's tables, 1,000,000 stream rows included (a few seconds). */
  static void load(PostgresDatabase database) throws IOException, SQLException {
    String schema;
    try (InputStream in =
        Objects.requireNonNull(
            ContractChecker.class.getResourceAsStream("schema.sql"), "schema.sql resource")) {
      schema = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try (Connection connection = DriverManager.getConnection(database.jdbcUrl());
        Statement statement = connection.createStatement()) {
      statement.execute(schema);
    }
  }

  /** Settings of a server on a free port using the test database. */
  static ServerSettings settings(PostgresDatabase database, int pool) {
    return ServerSettings.fromEnvironment(
        Map.of(
            "PORT", "0",
            "PGHOST", database.host(),
            "PGPORT", Integer.toString(database.port()),
            "PGUSER", database.user(),
            "PGPASSWORD", database.password(),
            "PGDATABASE", database.name(),
            "DB_POOL", Integer.toString(pool)));
  }
}
