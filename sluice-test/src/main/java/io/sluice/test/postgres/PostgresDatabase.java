package io.sluice.test.postgres;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A database created for one test class, on a real PostgreSQL server, and dropped after it.
 *
 * <p>Tests receive it as a parameter (constructor, {@code @BeforeAll}, {@code @Test} methods) from
 * {@link PostgresDatabaseExtension}; {@link #r2dbcUrl()} and {@link #jdbcUrl()} are ready to hand
 * to a driver.
 */
public final class PostgresDatabase {

  private final PostgresServer server;
  private final String name;
  private final boolean embedded;

  PostgresDatabase(PostgresServer server, String name, boolean embedded) {
    this.server = Objects.requireNonNull(server, "server");
    this.name = Objects.requireNonNull(name, "name");
    this.embedded = embedded;
  }

  /** Returns the server's host. */
  public String host() {
    return server.host();
  }

  /** Returns the server's TCP port. */
  public int port() {
    return server.port();
  }

  /** Returns the role to log in as. */
  public String user() {
    return server.user();
  }

  /** Returns the password, empty for none. */
  public String password() {
    return server.password();
  }

  /** Returns this database's name, unique to the test class. */
  public String name() {
    return name;
  }

  /** Returns whether the server is the embedded fallback rather than a configured one. */
  public boolean embedded() {
    return embedded;
  }

  /** Returns the server this database lives on. */
  public PostgresServer server() {
    return server;
  }

  /**
   * Returns an R2DBC URL with credentials, such as {@code
   * r2dbc:postgresql://postgres@127.0.0.1:5432/sluice_mytests_1a2b3c4d}.
   */
  public String r2dbcUrl() {
    String credentials = encode(user()) + (password().isEmpty() ? "" : ":" + encode(password()));
    return "r2dbc:postgresql://" + credentials + "@" + host() + ":" + port() + "/" + name;
  }

  /**
   * Returns a JDBC URL with credentials as query parameters, such as {@code
   * jdbc:postgresql://127.0.0.1:5432/sluice_mytests_1a2b3c4d?user=postgres}.
   */
  public String jdbcUrl() {
    String url = server.jdbcUrl(name) + "?user=" + encode(user());
    return password().isEmpty() ? url : url + "&password=" + encode(password());
  }

  @Override
  public String toString() {
    return "PostgresDatabase["
        + name
        + " on "
        + host()
        + ":"
        + port()
        + (embedded ? ", embedded" : "")
        + "]";
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
