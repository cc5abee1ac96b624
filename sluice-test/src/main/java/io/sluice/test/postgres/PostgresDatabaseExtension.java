package io.sluice.test.postgres;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test class its own fresh database on a real PostgreSQL server: created before the
 * class's first test, dropped (with {@code FORCE}, closing any connection left open) after its
 * last. Tests never see each other's tables and may run in any order.
 *
 * <p>The server is {@link PostgresServer#fromEnvironment()} unless one is passed to {@link
 * #forServer(PostgresServer)}. When nothing listens at its address, an embedded PostgreSQL is
 * started instead (once per JVM, stopped when the test run ends). A database test is never skipped:
 * if neither server can be used, the class fails with a message naming both attempts.
 *
 * <p>Use it with {@link PostgresTest @PostgresTest}, {@code @ExtendWith}, or a static
 * {@code @RegisterExtension} field; tests receive a {@link PostgresDatabase} parameter.
 */
public final class PostgresDatabaseExtension
    implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(PostgresDatabaseExtension.class);
  private static final int CONNECT_TIMEOUT_MILLIS = 1_000;

  private final @Nullable PostgresServer configured;

  /** An extension using {@link PostgresServer#fromEnvironment()}; used by {@code @ExtendWith}. */
  public PostgresDatabaseExtension() {
    this.configured = null;
  }

  private PostgresDatabaseExtension(PostgresServer server) {
    this.configured = Objects.requireNonNull(server, "server");
  }

  /**
   * An extension creating its databases on the given server, or on the embedded fallback when
   * nothing listens there.
   *
   * @param server the server to try first
   * @return a new extension
   */
  public static PostgresDatabaseExtension forServer(PostgresServer server) {
    return new PostgresDatabaseExtension(server);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    PostgresServer preferred = configured != null ? configured : PostgresServer.fromEnvironment();
    boolean embedded = !isListening(preferred);
    PostgresServer server = embedded ? embeddedServer(context, preferred) : preferred;
    String name = databaseName(context.getRequiredTestClass());
    execute(server, "CREATE DATABASE \"" + name + "\"");
    context
        .getStore(NAMESPACE)
        .put(PostgresDatabase.class, new PostgresDatabase(server, name, embedded));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    PostgresDatabase database =
        context.getStore(NAMESPACE).remove(PostgresDatabase.class, PostgresDatabase.class);
    if (database != null) {
      execute(
          database.server(), "DROP DATABASE IF EXISTS \"" + database.name() + "\" WITH (FORCE)");
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == PostgresDatabase.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    PostgresDatabase database =
        context.getStore(NAMESPACE).get(PostgresDatabase.class, PostgresDatabase.class);
    if (database == null) {
      throw new ExtensionConfigurationException(
          "No database for "
              + context.getDisplayName()
              + ": PostgresDatabaseExtension must be registered at class level"
              + " (@PostgresTest, @ExtendWith on the class, or a static @RegisterExtension field)");
    }
    return database;
  }

  private static boolean isListening(PostgresServer server) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(server.host(), server.port()), CONNECT_TIMEOUT_MILLIS);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static PostgresServer embeddedServer(ExtensionContext context, PostgresServer preferred) {
    try {
      return context
          .getRoot()
          .getStore(NAMESPACE)
          .getOrComputeIfAbsent(
              EmbeddedPostgresServer.class,
              key -> EmbeddedPostgresServer.start(),
              EmbeddedPostgresServer.class)
          .server();
    } catch (RuntimeException e) {
      throw new ExtensionConfigurationException(
          "No PostgreSQL for the tests: nothing listens at "
              + preferred.host()
              + ":"
              + preferred.port()
              + " (set SLUICE_PG_URL or PGHOST/PGPORT) and the embedded fallback failed to start",
          e);
    }
  }

  private static void execute(PostgresServer server, String sql) {
    Properties login = new Properties();
    login.setProperty("user", server.user());
    login.setProperty("password", server.password());
    login.setProperty("connectTimeout", "5");
    try (Connection connection =
            DriverManager.getConnection(server.jdbcUrl(server.maintenanceDatabase()), login);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new ExtensionConfigurationException(
          "Failed to run [" + sql + "] on " + server + ": " + e.getMessage(), e);
    }
  }

  static String databaseName(Class<?> testClass) {
    String simple = testClass.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    if (simple.length() > 40) {
      simple = simple.substring(0, 40);
    }
    byte[] random = new byte[4];
    ThreadLocalRandom.current().nextBytes(random);
    return "sluice_" + simple + "_" + HexFormat.of().formatHex(random);
  }
}
