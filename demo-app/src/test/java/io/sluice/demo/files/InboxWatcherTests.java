package io.sluice.demo.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.db.Database;
import io.sluice.demo.readings.ReadingStore;
import io.sluice.test.postgres.PostgresDatabase;
import io.sluice.test.postgres.PostgresTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

@PostgresTest
class InboxWatcherTests {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir static Path data;

  private static Database database;
  private static DataDirectories directories;
  private static InstanceLock lock;
  private static Importer importer;
  private static InboxWatcher watcher;

  @BeforeAll
  static void start(PostgresDatabase postgres) throws IOException {
    database = Database.create(postgres.r2dbcUrl());
    database.migrate("classpath:db/migration").block(WAIT);
    directories = DataDirectories.under(data);
    directories.create().block(WAIT);
    Files.writeString(
        directories.inbox().resolve("waiting.csv"),
        "stationId,recordedAt,temperature,humidity,pressure\nwaiting,2026-01-01T00:00:00Z,1,2,3\n");
    lock = InstanceLock.acquire(database.options()).block(WAIT);
    importer =
        Importer.start(
            database, new ReadingStore(database), JsonMapper.shared(), directories, lock);
    watcher = InboxWatcher.start(directories.inbox(), importer, Duration.ofMillis(100));
  }

  @AfterAll
  static void stop() {
    watcher.stop().then(importer.stop()).then(lock.release()).block(WAIT);
    database.close().block(WAIT);
  }

  @Test
  void aFileAlreadyInTheInboxAtStartIsImported() {
    awaitReadings("waiting", 1);
    awaitFileIn(directories.done(), "-waiting.csv.report.json");
  }

  @Test
  void aFileMovedIntoTheInboxIsImportedWhileAHiddenOneIsLeftAlone() throws IOException {
    Path hidden = directories.inbox().resolve(".still-writing.ndjson");
    Files.writeString(hidden, line("hidden"));
    Path staged = data.resolve("staged.ndjson");
    Files.writeString(staged, line("dropped") + line("dropped"));

    Files.move(
        staged, directories.inbox().resolve("dropped.ndjson"), StandardCopyOption.ATOMIC_MOVE);

    awaitReadings("dropped", 2);
    awaitFileIn(directories.done(), "-dropped.ndjson.report.json");
    assertThat(hidden).exists();
    assertThat(readings("hidden")).isZero();
  }

  private static String line(String station) {
    return "{\"stationId\":\""
        + station
        + "\",\"recordedAt\":\"2026-01-01T00:00:00Z\",\"temperature\":1,\"humidity\":2,"
        + "\"pressure\":3}\n";
  }

  private static long readings(String station) {
    return database
        .sql("select count(*) from readings where station_id = $1")
        .bind(station)
        .map(Long.class)
        .one()
        .block(WAIT);
  }

  private static void awaitReadings(String station, long expected) {
    await(() -> readings(station) == expected, "readings of " + station);
  }

  private static void awaitFileIn(Path directory, String suffix) {
    await(
        () -> {
          try (Stream<Path> files = Files.list(directory)) {
            return files.anyMatch(path -> path.getFileName().toString().endsWith(suffix));
          } catch (IOException e) {
            throw new AssertionError(e);
          }
        },
        "a file ending " + suffix + " in " + directory);
  }

  /** Polls a condition until it holds; fails after {@link #WAIT}. */
  private static void await(java.util.function.BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for %s", what).isLessThan(deadline);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
