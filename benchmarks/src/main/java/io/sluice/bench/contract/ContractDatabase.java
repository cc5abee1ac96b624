package io.sluice.bench.contract;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** What the contract checker reads and resets in the benchmark database, over plain JDBC. */
final class ContractDatabase {

  private final String jdbcUrl;
  private final Properties login = new Properties();

  ContractDatabase(String jdbcUrl, String user, String password) {
    this.jdbcUrl = jdbcUrl;
    login.setProperty("user", user);
    login.setProperty("password", password);
  }

  /** The database of a server's settings. */
  static ContractDatabase of(ServerSettings settings) {
    return new ContractDatabase(settings.jdbcUrl(), settings.pgUser(), settings.pgPassword());
  }

  /** All {@code world} rows, indexed by id (index 0 unused). */
  int[] worlds() throws SQLException {
    int[] values = new int[World.ROWS + 1];
    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT id, randomnumber FROM world")) {
      while (rows.next()) {
        values[rows.getInt(1)] = rows.getInt(2);
      }
    }
    return values;
  }

  /** All {@code fortune} rows. */
  List<Fortune> fortunes() throws SQLException {
    List<Fortune> fortunes = new ArrayList<>();
    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT id, message FROM fortune")) {
      while (rows.next()) {
        fortunes.add(new Fortune(rows.getInt(1), rows.getString(2)));
      }
    }
    return fortunes;
  }

  /** Row count and sums of {@code ingest}. */
  IngestTotals ingestTotals() throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT count(*), coalesce(sum(id::bigint), 0),"
                    + " coalesce(sum(randomnumber::bigint), 0) FROM ingest")) {
      rows.next();
      return new IngestTotals(rows.getLong(1), rows.getLong(2), rows.getLong(3));
    }
  }

  /** The {@code ingest} rows ordered by id, for small checks. */
  List<World> ingestRows() throws SQLException {
    List<World> worlds = new ArrayList<>();
    try (Connection connection = connect();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT id, randomnumber FROM ingest ORDER BY id, randomnumber");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        worlds.add(new World(rows.getInt(1), rows.getInt(2)));
      }
    }
    return worlds;
  }

  /**
   * The number of other sessions of this database whose current (not finished) query reads {@code
   * stream_rows}: a server streaming on demand keeps its query open while its reader is slow.
   */
  int openStreamQueries() throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND pid <> pg_backend_pid() AND state <> 'idle'"
                    + " AND query ILIKE '%stream_rows%'")) {
      rows.next();
      return rows.getInt(1);
    }
  }

  /** Empties {@code ingest}. */
  void truncateIngest() throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute("TRUNCATE ingest");
    }
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl, login);
  }

  /** Row count, sum of ids and sum of random numbers of the {@code ingest} table. */
  record IngestTotals(long rows, long idSum, long randomNumberSum) {}
}
