package io.sluice.demo.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.db.Database;
import io.sluice.demo.DemoProcess;
import io.sluice.test.postgres.PostgresDatabase;
import io.sluice.test.postgres.PostgresTest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The demo killed with {@code SIGKILL} in the middle of an import and of an export, then started
 * again on the same database and data directory: the import ends with every line stored once and
 * its file in {@code done/}, the export is redone, and no partial or temporary file is left.
 */
@PostgresTest
class CrashRecoveryTests {

  /** Enough lines (about 35 MB) that the import is surely still reading when it is killed. */
  private static final int IMPORT_LINES = 300_000;

  /** Enough rows that the export is surely still writing when it is killed. */
  private static final int EXPORT_ROWS = 300_000;

  /** Counts the imported rows; the class's tests share a database. */
  private static final String IMPORTED =
      "select count(*) from readings where station_id like 'crash-%'";

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Instant BASE = Instant.parse("2026-03-01T00:00:00Z");

  @Test
  void anImportKilledMidFileIsImportedExactlyOnceByTheNextStart(
      PostgresDatabase postgres, @TempDir Path dataDir) throws Exception {
    Path staged = dataDir.resolve("staged.ndjson");
    writeReadings(staged, IMPORT_LINES);
    Path inbox = dataDir.resolve("inbox");
    Path done = dataDir.resolve("done");
    String id;
    try (DemoProcess first = DemoProcess.start(postgres, dataDir)) {
      Files.move(staged, inbox.resolve("big.ndjson"), StandardCopyOption.ATOMIC_MOVE);
      JsonNode running =
          await(
              first,
              "/api/imports",
              list -> list.size() == 1 && list.get(0).path("progress").asDouble() > 0,
              "an import that has read part of its file");
      id = running.get(0).get("id").asString();
      double progress = running.get(0).get("progress").asDouble();
      assertThat(progress)
          .as("share read before the kill; a larger file is needed")
          .isLessThan(0.5);

      first.kill();
    }

    withDatabase(
        postgres,
        database -> {
          assertThat(single(database, "select status from imports where id = $1", id))
              .isEqualTo("running");
          assertThat(count(database, IMPORTED)).isZero();
        });
    assertThat(inbox.resolve("big.ndjson")).exists();
    assertThat(filesIn(done)).isEmpty();

    try (DemoProcess second = DemoProcess.start(postgres, dataDir)) {
      JsonNode finished =
          await(
              second,
              "/api/imports/" + id,
              status -> "done".equals(status.path("status").asString("")),
              "the import done");
      assertThat(finished.get("accepted").asLong()).isEqualTo(IMPORT_LINES);
      assertThat(finished.get("rejected").asLong()).isZero();
    }
    withDatabase(
        postgres,
        database -> {
          assertThat(count(database, IMPORTED)).isEqualTo(IMPORT_LINES);
          assertThat(
                  count(
                      database,
                      "select count(distinct recorded_at) from readings where station_id like"
                          + " 'crash-%'"))
              .isEqualTo(IMPORT_LINES);
          assertThat(count(database, "select count(*) from imports")).isOne();
        });
    assertThat(filesIn(inbox)).isEmpty();
    assertThat(filesIn(dataDir.resolve("failed"))).isEmpty();
    assertThat(filesIn(done))
        .containsExactlyInAnyOrder(id + "-big.ndjson", id + "-big.ndjson.report.json");
    assertThat(Files.size(done.resolve(id + "-big.ndjson")))
        .as("the imported file, whole")
        .isGreaterThan(IMPORT_LINES * 50L);
    assertNoTemporaryFiles(dataDir);
  }

  @Test
  void anExportKilledMidWriteLeavesNoPartialFileAndIsRedoneByTheNextStart(
      PostgresDatabase postgres, @TempDir Path dataDir) throws Exception {
    withDatabase(
        postgres,
        database ->
            database
                .migrate("classpath:db/migration")
                .then(
                    database
                        .sql(
                            "insert into readings (station_id, recorded_at, temperature,"
                                + " humidity, pressure) select 'export-' || (n % 50),"
                                + " $1::timestamptz + n * interval '1 second', n % 40, n % 100,"
                                + " 1013.25 from generate_series(1, $2) n")
                        .bind(BASE, EXPORT_ROWS)
                        .rowsUpdated())
                .block(WAIT));
    Path exports = dataDir.resolve("exports");
    String id;
    try (DemoProcess first = DemoProcess.start(postgres, dataDir)) {
      id = first.post("/api/exports?limit=" + EXPORT_ROWS, "").get("id").asString();
      JsonNode running =
          await(
              first,
              "/api/exports/" + id,
              status -> status.path("rows").asLong() > 0,
              "an export that has written part of its rows");
      assertThat(running.get("rows").asLong())
          .as("rows written before the kill; more rows are needed")
          .isLessThan(EXPORT_ROWS / 2);

      first.kill();
    }

    withDatabase(
        postgres,
        database ->
            assertThat(single(database, "select status from exports where id = $1", id))
                .isEqualTo("running"));
    assertThat(filesIn(exports))
        .as("only the temporary file of the interrupted write")
        .singleElement()
        .satisfies(name -> assertThat(name).startsWith("." + id + ".ndjson.gz.").endsWith(".tmp"));

    try (DemoProcess second = DemoProcess.start(postgres, dataDir)) {
      JsonNode finished =
          await(
              second,
              "/api/exports/" + id,
              status -> "done".equals(status.path("status").asString("")),
              "the export done");
      assertThat(finished.get("rows").asLong()).isEqualTo(EXPORT_ROWS);
    }
    assertThat(filesIn(exports)).containsExactly(id + ".ndjson.gz");
    assertThat(gzipLines(exports.resolve(id + ".ndjson.gz"))).isEqualTo(EXPORT_ROWS);
    assertNoTemporaryFiles(dataDir);
  }

  private static JsonNode await(
      DemoProcess demo, String path, Predicate<JsonNode> condition, String what)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      last = demo.get(path);
      if (condition.test(last)) {
        return last;
      }
      Thread.sleep(20);
    }
    throw new AssertionError(
        "Waited for " + what + "; last answer " + last + "; demo output: " + demo.output());
  }

  private static void writeReadings(Path file, int lines) throws IOException {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int i = 0; i < lines; i++) {
        out.write(
            "{\"stationId\":\"crash-"
                + i % 20
                + "\",\"recordedAt\":\""
                + BASE.plusSeconds(i)
                + "\",\"temperature\":"
                + (i % 40 - 10)
                + ".5,\"humidity\":"
                + i % 100
                + ",\"pressure\":1013.25}\n");
      }
    }
  }

  private static long gzipLines(Path file) throws IOException {
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
      return reader.lines().count();
    }
  }

  private static List<String> filesIn(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(path -> String.valueOf(path.getFileName())).sorted().toList();
    }
  }

  private static void assertNoTemporaryFiles(Path dataDir) throws IOException {
    try (Stream<Path> files = Files.walk(dataDir)) {
      assertThat(files.map(path -> String.valueOf(path.getFileName())))
          .noneMatch(name -> name.endsWith(".tmp") || name.endsWith(".part"));
    }
  }

  private static void withDatabase(PostgresDatabase postgres, Consumer<Database> use) {
    Database database = Database.create(postgres.r2dbcUrl());
    try {
      use.accept(database);
    } finally {
      database.close().block(WAIT);
    }
  }

  private static String single(Database database, String sql, String id) {
    return database.sql(sql).bind(id).map(String.class).one().block(WAIT);
  }

  private static long count(Database database, String sql) {
    Long count = database.sql(sql).map(Long.class).one().block(WAIT);
    return count == null ? -1 : count;
  }
}
