package io.sluice.bench.contract;

import java.util.Map;
import java.util.Objects;

/**
 * How a contract server is configured, read from the environment variables the contract names.
 *
 * <p>Defaults: {@code PORT} 8080 (0 picks a free port), {@code PGHOST} 127.0.0.1, {@code PGPORT}
 * 5432, {@code PGUSER} postgres, {@code PGPASSWORD} empty, {@code PGDATABASE} bench, {@code
 * DB_POOL} 8 (the most database connections the server holds, all endpoints together).
 */
final class ServerSettings {

  static final int DEFAULT_PORT = 8080;
  static final int DEFAULT_DB_POOL = 8;

  private final int port;
  private final String pgHost;
  private final int pgPort;
  private final String pgUser;
  private final String pgPassword;
  private final String pgDatabase;
  private final int dbPool;

  private ServerSettings(
      int port,
      String pgHost,
      int pgPort,
      String pgUser,
      String pgPassword,
      String pgDatabase,
      int dbPool) {
    this.port = port;
    this.pgHost = pgHost;
    this.pgPort = pgPort;
    this.pgUser = pgUser;
    this.pgPassword = pgPassword;
    this.pgDatabase = pgDatabase;
    this.dbPool = dbPool;
  }

  /**
   * Reads the settings from environment variables.
   *
   * @throws IllegalArgumentException naming the variable and its value when a number is malformed
   *     or out of range
   */
  static ServerSettings fromEnvironment(Map<String, String> env) {
    Objects.requireNonNull(env, "env");
    return new ServerSettings(
        number(env, "PORT", DEFAULT_PORT, 0, 65_535),
        text(env, "PGHOST", "127.0.0.1"),
        number(env, "PGPORT", 5432, 1, 65_535),
        text(env, "PGUSER", "postgres"),
        env.getOrDefault("PGPASSWORD", ""),
        text(env, "PGDATABASE", "bench"),
        number(env, "DB_POOL", DEFAULT_DB_POOL, 1, 1_000));
  }

  int port() {
    return port;
  }

  String pgHost() {
    return pgHost;
  }

  int pgPort() {
    return pgPort;
  }

  String pgUser() {
    return pgUser;
  }

  String pgPassword() {
    return pgPassword;
  }

  String pgDatabase() {
    return pgDatabase;
  }

  int dbPool() {
    return dbPool;
  }

  /** The JDBC URL of the database, without credentials. */
  String jdbcUrl() {
    return "jdbc:postgresql://" + pgHost + ":" + pgPort + "/" + pgDatabase;
  }

  @Override
  public String toString() {
    return "port="
        + port
        + ", database="
        + pgUser
        + "@"
        + pgHost
        + ":"
        + pgPort
        + "/"
        + pgDatabase
        + ", DB_POOL="
        + dbPool;
  }

  private static String text(Map<String, String> env, String name, String fallback) {
    String value = env.get(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  private static int number(Map<String, String> env, String name, int fallback, int min, int max) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    int parsed;
    try {
      parsed = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          name + " must be a whole number in [" + min + ", " + max + "] but was '" + value + "'",
          e);
    }
    if (parsed < min || parsed > max) {
      throw new IllegalArgumentException(
          name + " must be in [" + min + ", " + max + "] but was " + parsed);
    }
    return parsed;
  }
}
