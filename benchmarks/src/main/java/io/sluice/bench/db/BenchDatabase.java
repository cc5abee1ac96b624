package io.sluice.bench.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Creates and drops the dedicated benchmark database {@code sluice_bench} on the server named by
 * the {@code sluice.bench.pg} system property ({@code host:port}, default {@code 127.0.0.1:5432};
 * user {@code postgres} unless {@code sluice.bench.user} says otherwise), so that no benchmark data
 * is left anywhere else.
 */
final class BenchDatabase {

  static final String NAME = "sluice_bench";
  static final int ROWS = 100_000;

  private BenchDatabase() {}

  static String hostPort() {
    return System.getProperty("sluice.bench.pg", "127.0.0.1:5432");
  }

  static String user() {
    return System.getProperty("sluice.bench.user", "postgres");
  }

  static String password() {
    return System.getProperty("sluice.bench.password", "");
  }

  static String jdbcUrl() {
    return "jdbc:postgresql://" + hostPort() + "/" + NAME;
  }

  static String r2dbcUrl() {
    String credentials = password().isEmpty() ? user() : user() + ":" + password();
    return "r2dbc:postgresql://" + credentials + "@" + hostPort() + "/" + NAME;
  }

  /** Drops and recreates the database with a {@code readings} table of {@link #ROWS} rows. */
  static void create() throws SQLException {
    try (Connection admin = admin();
        Statement statement = admin.createStatement()) {
      statement.execute("drop database if exists " + NAME + " with (force)");
      statement.execute("create database " + NAME);
    }
    try (Connection connection = DriverManager.getConnection(jdbcUrl(), user(), password());
        Statement statement = connection.createStatement()) {
      statement.execute(
          "create table readings (id int primary key, station int not null, value double"
              + " precision not null, label text not null)");
      statement.execute(
          "insert into readings select i, i % 100, i * 0.5, 'reading-' || i"
              + " from generate_series(1, "
              + ROWS
              + ") i");
      statement.execute("analyze readings");
    }
  }

  /** Drops the database. */
  static void drop() throws SQLException {
    try (Connection admin = admin();
        Statement statement = admin.createStatement()) {
      statement.execute("drop database if exists " + NAME + " with (force)");
    }
  }

  private static Connection admin() throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://" + hostPort() + "/postgres", user(), password());
  }
}
