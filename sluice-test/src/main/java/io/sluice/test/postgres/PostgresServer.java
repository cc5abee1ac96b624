package io.sluice.test.postgres;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where a PostgreSQL server is and how to log in to it: the server on which the test kit creates
 * its per-class databases.
 *
 * <p>{@link #fromEnvironment()} reads, in order: the {@code sluice.pg.url} system property, the
 * {@code SLUICE_PG_URL} environment variable, then the standard libpq variables {@code PGHOST},
 * {@code PGPORT}, {@code PGUSER}, {@code PGPASSWORD} and {@code PGDATABASE}. Anything unset takes
 * the default: {@code 127.0.0.1:5432}, user {@code postgres}, no password, database {@code test}.
 *
 * @param host host name or address; a Unix socket directory is not supported
 * @param port TCP port, 1 to 65535
 * @param user the role to log in as; it must be allowed to create databases
 * @param password the password, empty for none
 * @param maintenanceDatabase the database to connect to when creating and dropping test databases
 */
public record PostgresServer(
    String host, int port, String user, String password, String maintenanceDatabase) {

  /** The default host, {@value}. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  /** The default port, {@value}. */
  public static final int DEFAULT_PORT = 5432;

  /** The default user, {@value}. */
  public static final String DEFAULT_USER = "postgres";

  /** The default maintenance database, {@value}. */
  public static final String DEFAULT_DATABASE = "test";

  /** Validates the components. */
  public PostgresServer {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(maintenanceDatabase, "maintenanceDatabase");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be between 1 and 65535, was " + port);
    }
  }

  /**
   * The server described by this JVM's system properties and environment variables.
   *
   * @return the configured server, or the defaults where nothing is configured
   */
  public static PostgresServer fromEnvironment() {
    return fromEnvironment(System.getenv(), System.getProperty("sluice.pg.url"));
  }

  static PostgresServer fromEnvironment(Map<String, String> env, @Nullable String urlProperty) {
    String url =
        urlProperty != null && !urlProperty.isBlank() ? urlProperty : env.get("SLUICE_PG_URL");
    if (url != null && !url.isBlank()) {
      return parse(url);
    }
    String host = env.getOrDefault("PGHOST", "");
    if (host.isBlank() || host.startsWith("/")) {
      host = DEFAULT_HOST;
    }
    String port = env.getOrDefault("PGPORT", "");
    return new PostgresServer(
        host,
        port.isBlank() ? DEFAULT_PORT : parsePort(port, "PGPORT"),
        nonBlankOr(env.get("PGUSER"), DEFAULT_USER),
        env.getOrDefault("PGPASSWORD", ""),
        nonBlankOr(env.get("PGDATABASE"), DEFAULT_DATABASE));
  }

  /**
   * Parses a connection URL: {@code postgresql://user:password@host:port/database}, also with the
   * {@code postgres:}, {@code r2dbc:postgresql:} or {@code jdbc:postgresql:} scheme. JDBC URLs may
   * carry {@code user} and {@code password} as query parameters.
   *
   * @param url the URL
   * @return the server it names, with defaults for the parts it leaves out
   * @throws IllegalArgumentException if the URL cannot be parsed
   */
  public static PostgresServer parse(String url) {
    Objects.requireNonNull(url, "url");
    String stripped = url.strip();
    for (String prefix : new String[] {"jdbc:", "r2dbc:"}) {
      if (stripped.startsWith(prefix)) {
        stripped = stripped.substring(prefix.length());
      }
    }
    URI uri;
    try {
      uri = new URI(stripped);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("Not a PostgreSQL URL: '" + url + "'", e);
    }
    if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
      throw new IllegalArgumentException(
          "Not a PostgreSQL URL: '" + url + "' (expected postgresql://user:password@host:port/db)");
    }
    String user = DEFAULT_USER;
    String password = "";
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null && !userInfo.isEmpty()) {
      int colon = userInfo.indexOf(':');
      user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
      password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
    }
    String query = uri.getRawQuery();
    if (query != null) {
      for (String pair : query.split("&", -1)) {
        int eq = pair.indexOf('=');
        String key = eq < 0 ? pair : pair.substring(0, eq);
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        if (key.equals("user")) {
          user = value;
        } else if (key.equals("password")) {
          password = value;
        }
      }
    }
    String path = uri.getPath();
    String database = path == null || path.length() <= 1 ? DEFAULT_DATABASE : path.substring(1);
    String host = uri.getHost() == null ? DEFAULT_HOST : uri.getHost();
    return new PostgresServer(
        host, uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort(), user, password, database);
  }

  /**
   * The same server reached on another port.
   *
   * @param newPort the port
   * @return a copy with the port changed
   */
  public PostgresServer withPort(int newPort) {
    return new PostgresServer(host, newPort, user, password, maintenanceDatabase);
  }

  /** Returns the JDBC URL of the given database on this server, without credentials. */
  String jdbcUrl(String database) {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  @Override
  public String toString() {
    return "PostgresServer[" + user + "@" + host + ":" + port + "/" + maintenanceDatabase + "]";
  }

  private static int parsePort(String value, String source) {
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(source + " is not a port number: '" + value + "'", e);
    }
  }

  private static String nonBlankOr(@Nullable String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }

  private static String decode(String value) {
    return URLDecoder.decode(value, StandardCharsets.UTF_8);
  }
}
