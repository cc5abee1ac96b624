package io.sluice.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The demo's configuration, read from environment variables. Every setting has a default, so an
 * empty environment gives a working local setup.
 *
 * @param port {@code PORT}: the HTTP port, 0 for any free port; default {@value #DEFAULT_PORT}
 * @param databaseUrl {@code DATABASE_URL}: the PostgreSQL URL ({@code r2dbc:postgresql://}, {@code
 *     postgresql://} or {@code postgres://}); default {@value #DEFAULT_DATABASE_URL}. The database
 *     is created if missing.
 * @param dbPoolSize {@code DB_POOL_SIZE}: connections in the pool, at least 1; default {@value
 *     #DEFAULT_DB_POOL_SIZE}
 * @param registryUrl {@code REGISTRY_URL}: the station registry's base URL; unset (the default)
 *     starts the stand-in registry
 * @param registryTimeout {@code REGISTRY_TIMEOUT}: how long a registry call may take ({@code
 *     500ms}, {@code 2s} or ISO-8601 {@code PT0.5S}); default 500 ms
 * @param apiToken {@code API_TOKEN}: the bearer token write endpoints require; default {@value
 *     #DEFAULT_API_TOKEN}
 * @param dataDir {@code DATA_DIR}: where the inbox, done, failed and exports directories live;
 *     default {@code ./data}
 * @param logFormat {@code LOG_FORMAT}: {@code json} (the default) or {@code text}
 * @param maxUploadSize {@code MAX_UPLOAD_SIZE}: the largest body of {@code POST /api/readings} in
 *     bytes; default 1 GiB. Larger uploads are answered {@code 413}.
 */
public record DemoConfig(
    int port,
    String databaseUrl,
    int dbPoolSize,
    @Nullable String registryUrl,
    Duration registryTimeout,
    String apiToken,
    Path dataDir,
    LogFormat logFormat,
    long maxUploadSize) {

  /** The default HTTP port, {@value}. */
  public static final int DEFAULT_PORT = 8080;

  /** The default database: the local PostgreSQL, database {@code sluice_demo}. */
  public static final String DEFAULT_DATABASE_URL =
      "r2dbc:postgresql://postgres@127.0.0.1:5432/sluice_demo";

  /** The default pool size, {@value}. */
  public static final int DEFAULT_DB_POOL_SIZE = 10;

  /** The default registry timeout, 500 ms. */
  public static final Duration DEFAULT_REGISTRY_TIMEOUT = Duration.ofMillis(500);

  /** The default API token, {@value}: change it anywhere but on your own machine. */
  public static final String DEFAULT_API_TOKEN = "demo-token";

  /** The default data directory, {@code ./data}. */
  public static final Path DEFAULT_DATA_DIR = Path.of("data");

  /** The default largest upload, 1 GiB. */
  public static final long DEFAULT_MAX_UPLOAD_SIZE = 1L << 30;

  /** How log lines are written. */
  public enum LogFormat {
    /** One JSON object per line. */
    JSON,
    /** Human-readable lines. */
    TEXT
  }

  /** Validates the settings. */
  public DemoConfig {
    Objects.requireNonNull(databaseUrl, "databaseUrl");
    Objects.requireNonNull(registryTimeout, "registryTimeout");
    Objects.requireNonNull(apiToken, "apiToken");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(logFormat, "logFormat");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("PORT must be between 0 and 65535, was " + port);
    }
    if (dbPoolSize < 1) {
      throw new IllegalArgumentException("DB_POOL_SIZE must be at least 1, was " + dbPoolSize);
    }
    if (registryTimeout.isNegative() || registryTimeout.isZero()) {
      throw new IllegalArgumentException(
          "REGISTRY_TIMEOUT must be positive, was " + registryTimeout);
    }
    if (apiToken.isBlank()) {
      throw new IllegalArgumentException("API_TOKEN must not be blank");
    }
    if (maxUploadSize < 1) {
      throw new IllegalArgumentException(
          "MAX_UPLOAD_SIZE must be at least 1 byte, was " + maxUploadSize);
    }
  }

  /**
   * The defaults, as with an empty environment.
   *
   * @return the default configuration
   */
  public static DemoConfig defaults() {
    return fromEnvironment(Map.of());
  }

  /**
   * Reads the configuration from environment variables; unset or blank variables take their
   * default.
   *
   * @param env the environment, usually {@code System.getenv()}
   * @return the configuration
   * @throws IllegalArgumentException naming the variable and its value if one is malformed
   */
  public static DemoConfig fromEnvironment(Map<String, String> env) {
    Objects.requireNonNull(env, "env");
    return new DemoConfig(
        integer(env, "PORT", DEFAULT_PORT),
        databaseUrl(env),
        integer(env, "DB_POOL_SIZE", DEFAULT_DB_POOL_SIZE),
        blankToNull(env.get("REGISTRY_URL")),
        duration(env, "REGISTRY_TIMEOUT", DEFAULT_REGISTRY_TIMEOUT),
        string(env, "API_TOKEN", DEFAULT_API_TOKEN),
        Path.of(string(env, "DATA_DIR", DEFAULT_DATA_DIR.toString())),
        logFormat(env),
        longValue(env, "MAX_UPLOAD_SIZE", DEFAULT_MAX_UPLOAD_SIZE));
  }

  /**
   * A copy listening on another port.
   *
   * @param newPort the port, 0 for any
   * @return the copy
   */
  public DemoConfig withPort(int newPort) {
    return new DemoConfig(
        newPort,
        databaseUrl,
        dbPoolSize,
        registryUrl,
        registryTimeout,
        apiToken,
        dataDir,
        logFormat,
        maxUploadSize);
  }

  /**
   * A copy using another database.
   *
   * @param url the PostgreSQL URL
   * @return the copy
   */
  public DemoConfig withDatabaseUrl(String url) {
    return new DemoConfig(
        port,
        url,
        dbPoolSize,
        registryUrl,
        registryTimeout,
        apiToken,
        dataDir,
        logFormat,
        maxUploadSize);
  }

  /** Masks the API token and any password in the database URL. */
  @Override
  public String toString() {
    return "DemoConfig[port="
        + port
        + ", databaseUrl="
        + databaseUrl.replaceAll(":[^:/@]*@", ":****@")
        + ", dbPoolSize="
        + dbPoolSize
        + ", registryUrl="
        + (registryUrl == null ? "(stand-in)" : registryUrl)
        + ", registryTimeout="
        + registryTimeout.toMillis()
        + "ms, apiToken=****, dataDir="
        + dataDir
        + ", logFormat="
        + logFormat.name().toLowerCase(Locale.ROOT)
        + ", maxUploadSize="
        + maxUploadSize
        + "]";
  }

  private static String databaseUrl(Map<String, String> env) {
    String url = string(env, "DATABASE_URL", DEFAULT_DATABASE_URL);
    // "embedded" is resolved by DemoApplication, which starts the server and sets the real URL.
    return url.equalsIgnoreCase("embedded") ? DEFAULT_DATABASE_URL : url;
  }

  private static String string(Map<String, String> env, String name, String fallback) {
    String value = blankToNull(env.get(name));
    return value == null ? fallback : value;
  }

  private static @Nullable String blankToNull(@Nullable String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static int integer(Map<String, String> env, String name, int fallback) {
    long value = longValue(env, name, fallback);
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(name + " is out of range: '" + env.get(name) + "'");
    }
    return (int) value;
  }

  private static long longValue(Map<String, String> env, String name, long fallback) {
    String value = blankToNull(env.get(name));
    if (value == null) {
      return fallback;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " is not a whole number: '" + value + "'", e);
    }
  }

  private static Duration duration(Map<String, String> env, String name, Duration fallback) {
    String value = blankToNull(env.get(name));
    if (value == null) {
      return fallback;
    }
    try {
      String lower = value.toLowerCase(Locale.ROOT);
      if (lower.startsWith("pt")) {
        return Duration.parse(value);
      }
      if (lower.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(lower.substring(0, lower.length() - 2)));
      }
      if (lower.endsWith("s")) {
        return Duration.ofSeconds(Long.parseLong(lower.substring(0, lower.length() - 1)));
      }
      return Duration.ofMillis(Long.parseLong(lower));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          name + " is not a duration (500ms, 2s or PT0.5S): '" + value + "'", e);
    }
  }

  private static LogFormat logFormat(Map<String, String> env) {
    String value = string(env, "LOG_FORMAT", "json").toLowerCase(Locale.ROOT);
    return switch (value) {
      case "json" -> LogFormat.JSON;
      case "text" -> LogFormat.TEXT;
      default ->
          throw new IllegalArgumentException(
              "LOG_FORMAT must be json or text, was '" + env.get("LOG_FORMAT") + "'");
    };
  }
}
