package io.sluice.demo;

import io.sluice.db.DatabaseOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the demo from the command line: configuration from the environment (see {@link DemoConfig}),
 * stopped gracefully by {@code SIGTERM} or Ctrl-C.
 *
 * <p>When {@code DATABASE_URL} is not set and nothing answers at the default local PostgreSQL, an
 * embedded PostgreSQL is started with its data under {@code DATA_DIR/postgres}, so the demo runs on
 * a machine without a database. Unless {@code SEED_DATA=false}, a few stations and a day of
 * readings are stored when the readings table is empty, so the page shows something at once.
 */
public final class DemoApplication {

  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  /** The {@code DATABASE_URL} value that asks for the embedded PostgreSQL. */
  static final String EMBEDDED = "embedded";

  private DemoApplication() {}

  /**
   * Starts the demo and serves until the JVM is stopped.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    DemoConfig config = DemoConfig.fromEnvironment(env);
    if (config.logFormat() == DemoConfig.LogFormat.TEXT
        && System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "logback-text.xml");
    }
    Logger log = LoggerFactory.getLogger(DemoApplication.class);

    EmbeddedPostgres embedded = null;
    String databaseUrl = env.get("DATABASE_URL");
    boolean wantsEmbedded = EMBEDDED.equalsIgnoreCase(String.valueOf(databaseUrl).strip());
    if (wantsEmbedded
        || (blankOrAbsent(databaseUrl) && !reachable(DemoConfig.DEFAULT_DATABASE_URL))) {
      log.info(
          "{}; starting an embedded PostgreSQL with its data in {}",
          wantsEmbedded ? "DATABASE_URL=embedded" : "No PostgreSQL at 127.0.0.1:5432",
          config.dataDir().resolve("postgres"));
      embedded = startEmbedded(config.dataDir().resolve("postgres"));
      config =
          config.withDatabaseUrl(
              "r2dbc:postgresql://postgres@127.0.0.1:" + embedded.getPort() + "/sluice_demo");
    }

    RunningDemo demo = Demo.start(config);
    if (!"false".equalsIgnoreCase(env.getOrDefault("SEED_DATA", "true"))) {
      Long seeded = DemoSeed.seedIfEmpty(demo.database()).block(Duration.ofSeconds(60));
      if (seeded != null && seeded > 0) {
        log.info("Stored {} demo readings in the empty readings table", seeded);
      }
    }
    log.info("Sluice demo listening on {}/ with {}", demo.baseUrl(), config);

    CountDownLatch stopped = new CountDownLatch(1);
    EmbeddedPostgres database = embedded;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("Stopping: draining requests for up to {} s", STOP_TIMEOUT.toSeconds());
                  demo.stop(STOP_TIMEOUT).block(STOP_TIMEOUT.plusSeconds(10));
                  closeQuietly(database);
                  stopped.countDown();
                },
                "sluice-demo-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean blankOrAbsent(@Nullable String value) {
    return value == null || value.isBlank();
  }

  private static boolean reachable(String url) {
    DatabaseOptions options = DatabaseOptions.fromUrl(url).build();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(options.host(), options.port()), 1_000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static EmbeddedPostgres startEmbedded(Path dataDirectory) {
    try {
      Files.createDirectories(dataDirectory);
      return EmbeddedPostgres.builder()
          .setDataDirectory(dataDirectory)
          .setCleanDataDirectory(false)
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to start an embedded PostgreSQL", e);
    }
  }

  private static void closeQuietly(@Nullable EmbeddedPostgres postgres) {
    if (postgres == null) {
      return;
    }
    try {
      postgres.close();
    } catch (IOException e) {
      LoggerFactory.getLogger(DemoApplication.class)
          .warn("Failed to stop the embedded PostgreSQL", e);
    }
  }
}
