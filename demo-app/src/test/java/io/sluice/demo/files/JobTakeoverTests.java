package io.sluice.demo.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.db.Database;
import io.sluice.demo.readings.ReadingDecoder;
import io.sluice.demo.readings.ReadingFormat;
import io.sluice.demo.readings.ReadingStore;
import io.sluice.demo.readings.UploadKeys;
import io.sluice.fs.ReactiveFiles;
import io.sluice.test.postgres.PostgresDatabase;
import io.sluice.test.postgres.PostgresTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an instance that starts does with the jobs another instance left unfinished, for each point
 * at which a crash can stop an import or an export, set up as the crash leaves it; and that it
 * leaves alone the jobs of an instance that still runs. ({@link CrashRecoveryTests} kills a real
 * process; here each crash point is hit for sure.)
 */
@PostgresTest
class JobTakeoverTests {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final JsonMapper JSON = JsonMapper.shared();

  /** An owner id nobody holds the lock of: an instance that died. */
  private static final String DEAD_OWNER = JobIds.next();

  private static Database database;
  private static ReadingStore store;

  @TempDir Path data;

  private DataDirectories directories;
  private InstanceLock lock;
  private Importer importer;
  private Exporter exporter;

  @BeforeAll
  static void migrate(PostgresDatabase postgres) {
    database = Database.create(postgres.r2dbcUrl());
    database.migrate("classpath:db/migration").block(WAIT);
    store = new ReadingStore(database);
  }

  @AfterAll
  static void close() {
    database.close().block(WAIT);
  }

  @BeforeEach
  void start() {
    directories = DataDirectories.under(data);
    directories.create().block(WAIT);
    lock = InstanceLock.acquire(database.options()).block(WAIT);
    importer = Importer.start(database, store, JSON, directories, lock);
    exporter = Exporter.start(database, store, JSON, directories, lock);
  }

  @AfterEach
  void stop() {
    importer.stop().then(exporter.stop()).then(lock.release()).block(WAIT);
  }

  @Test
  void anImportCommittedBeforeTheCrashIsFinishedFromTheInboxWithoutStoringItsRowsAgain()
      throws IOException {
    String id = JobIds.next();
    Path file = directories.inbox().resolve("committed.ndjson");
    Files.writeString(file, lines("committed", 3));
    registerImport(id, file, DEAD_OWNER);
    commitRowsOf(id, file);

    assertThat(importer.resume().block(WAIT)).isOne();

    awaitImport(id, "done");
    assertThat(readings("committed")).isEqualTo(3);
    assertThat(file).doesNotExist();
    assertThat(directories.done().resolve(id + "-committed.ndjson")).exists();
    Path report = directories.done().resolve(id + "-committed.ndjson.report.json");
    assertThat(JSON.readTree(Files.readString(report)).get("accepted").asLong()).isEqualTo(3);
  }

  @Test
  void anImportMovedToDoneBeforeTheCrashGetsItsReportAndIsMarkedDone() throws IOException {
    String id = JobIds.next();
    Path moved = directories.done().resolve(id + "-moved.ndjson");
    Files.writeString(moved, lines("moved", 2));
    registerImport(id, moved, DEAD_OWNER);
    commitRowsOf(id, moved);

    assertThat(importer.resume().block(WAIT)).isOne();

    awaitImport(id, "done");
    assertThat(readings("moved")).isEqualTo(2);
    assertThat(moved).exists();
    assertThat(directories.done().resolve(id + "-moved.ndjson.report.json")).exists();
  }

  @Test
  void anImportInterruptedBeforeItsCommitIsRunAgainFromTheInbox() throws IOException {
    String id = JobIds.next();
    Path file = directories.inbox().resolve("again.ndjson");
    Files.writeString(file, lines("again", 4));
    registerImport(id, file, DEAD_OWNER);
    Files.writeString(
        directories.done().resolve("." + id + "-again.ndjson.report.json.123456.tmp"), "{");

    assertThat(importer.resume().block(WAIT)).isOne();

    awaitImport(id, "done");
    assertThat(readings("again")).isEqualTo(4);
    assertThat(directories.done().resolve(id + "-again.ndjson")).exists();
    assertThat(directories.done().resolve("." + id + "-again.ndjson.report.json.123456.tmp"))
        .doesNotExist();
  }

  @Test
  void anImportWhoseFileIsGoneIsMarkedFailed() throws IOException {
    String id = JobIds.next();
    Path file = directories.inbox().resolve("vanished.csv");
    Files.writeString(file, "stationId,recordedAt,temperature,humidity,pressure\n");
    registerImport(id, file, DEAD_OWNER);
    Files.delete(file);

    assertThat(importer.resume().block(WAIT)).isOne();

    awaitImport(id, "failed");
    assertThat(
            database
                .sql("select errors::text from imports where id = $1")
                .bind(id)
                .map(String.class)
                .one()
                .block(WAIT))
        .contains("the file was gone");
  }

  @Test
  void anImportWhoseFileWasReplacedByOtherContentIsMarkedFailedAndTheNewFileLeftForTheWatcher()
      throws IOException {
    String id = JobIds.next();
    Path file = directories.inbox().resolve("replaced.ndjson");
    Files.writeString(file, lines("original", 2));
    registerImport(id, file, DEAD_OWNER);
    Files.writeString(file, lines("replacement", 3));

    assertThat(importer.resume().block(WAIT)).isOne();

    awaitImport(id, "failed");
    assertThat(file).exists();
    assertThat(readings("original")).isZero();
    assertThat(readings("replacement")).isZero();
  }

  @Test
  void jobsOfALiveInstanceAndTheirTemporaryFilesAreLeftAlone() throws IOException {
    InstanceLock other = InstanceLock.acquire(database.options()).block(WAIT);
    String importId = JobIds.next();
    String exportId = JobIds.next();
    try {
      Path file = directories.inbox().resolve("busy.ndjson");
      Files.writeString(file, lines("busy", 1));
      registerImport(importId, file, other.owner());
      database
          .sql(
              "insert into exports (id, status, owner, query) values ($1, 'running', $2,"
                  + " '{\"limit\":5}'::jsonb)")
          .bind(exportId, other.owner())
          .rowsUpdated()
          .block(WAIT);
      Path reportTemporary =
          directories.done().resolve("." + importId + "-busy.ndjson.report.json.1.tmp");
      Path exportTemporary = directories.exports().resolve("." + exportId + ".ndjson.gz.2.tmp");
      Files.writeString(reportTemporary, "{");
      Files.writeString(exportTemporary, "partial");

      assertThat(importer.resume().block(WAIT)).isZero();
      assertThat(exporter.resume().block(WAIT)).isZero();
      assertThat(
              database
                  .sql(
                      "select count(*) from pg_stat_activity where datname = current_database()"
                          + " and application_name = $1 and state = 'idle in transaction'")
                  .bind(InstanceLock.APPLICATION_NAME)
                  .map(Long.class)
                  .one()
                  .block(WAIT))
          .as("the two instances' lock connections")
          .isEqualTo(2);

      assertThat(ownerOf("imports", importId)).isEqualTo(other.owner());
      assertThat(ownerOf("exports", exportId)).isEqualTo(other.owner());
      assertThat(file).exists();
      assertThat(readings("busy")).isZero();
      assertThat(reportTemporary).exists();
      assertThat(exportTemporary).exists();
    } finally {
      other.release().block(WAIT);
      database.sql("delete from imports where id = $1").bind(importId).rowsUpdated().block(WAIT);
      database.sql("delete from exports where id = $1").bind(exportId).rowsUpdated().block(WAIT);
    }
  }

  @Test
  void aLockWhoseConnectionWasKilledIsTakenAgain() {
    assertThat(heldLocks()).isOne();

    database
        .sql(
            "select count(pg_terminate_backend(pid)) from pg_stat_activity where datname ="
                + " current_database() and application_name = $1")
        .bind(InstanceLock.APPLICATION_NAME)
        .map(Long.class)
        .one()
        .block(WAIT);

    await(() -> heldLocks() == 0, "the lock gone with its connection");
    await(() -> heldLocks() == 1, "the lock taken again");
  }

  @Test
  void anExportOfADeadInstanceIsRedoneAndItsTemporaryFileDeleted() throws IOException {
    database
        .sql(
            "insert into readings (station_id, recorded_at, temperature, humidity, pressure)"
                + " select 'redo', timestamptz '2026-04-01T00:00:00Z' + n * interval '1 minute',"
                + " 1, 2, 3 from generate_series(1, 6) n")
        .rowsUpdated()
        .block(WAIT);
    String id = JobIds.next();
    database
        .sql(
            "insert into exports (id, status, owner, query) values ($1, 'running', $2,"
                + " '{\"station\":\"redo\",\"limit\":1000}'::jsonb)")
        .bind(id, DEAD_OWNER)
        .rowsUpdated()
        .block(WAIT);
    Path temporary = directories.exports().resolve("." + id + ".ndjson.gz.987.tmp");
    Files.writeString(temporary, "partial");

    assertThat(exporter.resume().block(WAIT)).isOne();

    await(
        () -> "done".equals(exporter.find(id).map(ExportStatus::status).block(WAIT)),
        "export " + id + " done");
    assertThat(exporter.find(id).block(WAIT).rows()).isEqualTo(6);
    assertThat(exporter.file(id)).exists();
    assertThat(temporary).doesNotExist();
  }

  private void registerImport(String id, Path file, String owner) {
    String checksum = FileChecksum.sha256(file).block(WAIT);
    String name = String.valueOf(file.getFileName());
    if (name.startsWith(id + "-")) {
      name = name.substring(id.length() + 1);
    }
    database
        .sql(
            "insert into imports (id, checksum, file_name, status, owner) values ($1, $2, $3,"
                + " 'running', $4)")
        .bind(id, checksum, name, owner)
        .rowsUpdated()
        .block(WAIT);
  }

  /** Stores a file's rows as the import does, in the transaction that records its key. */
  private static void commitRowsOf(String id, Path file) {
    store
        .ingestOnce(
            Importer.key(id),
            ReactiveFiles.read(file)
                .transform(new ReadingDecoder(JSON).decoder(ReadingFormat.NDJSON)),
            false,
            new UploadKeys(JSON))
        .block(WAIT);
  }

  private static String lines(String station, int count) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < count; i++) {
      text.append("{\"stationId\":\"")
          .append(station)
          .append("\",\"recordedAt\":\"2026-01-01T00:0")
          .append(i)
          .append(":00Z\",\"temperature\":1,\"humidity\":2,\"pressure\":3}\n");
    }
    return text.toString();
  }

  private static long readings(String station) {
    Long count =
        database
            .sql("select count(*) from readings where station_id = $1")
            .bind(station)
            .map(Long.class)
            .one()
            .block(WAIT);
    return count == null ? -1 : count;
  }

  /** Counts the owner locks granted on this database. */
  private static long heldLocks() {
    Long count =
        database
            .sql(
                "select count(*) from pg_locks l join pg_database d on d.oid = l.database where"
                    + " d.datname = current_database() and l.locktype = 'advisory' and l.classid"
                    + " = $1 and l.objsubid = 2 and l.granted")
            .bind(InstanceLock.NAMESPACE)
            .map(Long.class)
            .one()
            .block(WAIT);
    return count == null ? -1 : count;
  }

  private static String ownerOf(String table, String id) {
    return database
        .sql("select owner from " + table + " where id = $1")
        .bind(id)
        .map(String.class)
        .one()
        .block(WAIT);
  }

  private void awaitImport(String id, String status) {
    await(
        () -> status.equals(importer.find(id).map(ImportStatus::status).block(WAIT)),
        "import " + id + " " + status);
  }

  /** Polls a condition until it holds; fails after {@link #WAIT}. */
  private static void await(BooleanSupplier condition, String what) {
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
