package io.sluice.demo.files;

import io.r2dbc.spi.Row;
import io.sluice.db.Database;
import io.sluice.demo.readings.IngestReport;
import io.sluice.demo.readings.LineError;
import io.sluice.demo.readings.MalformedUploadException;
import io.sluice.demo.readings.ReadingDecoder;
import io.sluice.demo.readings.ReadingFormat;
import io.sluice.demo.readings.ReadingStore;
import io.sluice.demo.readings.UploadKeys;
import io.sluice.fs.ReactiveFiles;
import io.sluice.fs.WriteMode;
import io.sluice.fs.WriteOptions;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Imports files into the readings table through the same decoding and COPY path as {@code POST
 * /api/readings}, once per content: the SHA-256 of the file is the {@code imports.checksum}, which
 * is unique, so a file whose content was imported before (by any instance) is not imported again.
 *
 * <p>Asking for an import ({@link #begin(Path)}) hashes the file and registers the import; the
 * import itself runs in the background, at most {@value #CONCURRENT_IMPORTS} at a time per
 * instance. Afterwards the file is moved to {@code done/} (even with rejected lines) or {@code
 * failed/} (unsupported type, unreadable content), as {@code <id>-<name>}, with {@code
 * <id>-<name>.report.json} next to it holding the final status. {@code .csv} files are CSV with a
 * header; {@code .ndjson}, {@code .jsonl} and {@code .json} are NDJSON.
 *
 * <p>Crash safety: the rows of an import are stored in one transaction together with an idempotency
 * key naming the import ({@link ReadingStore#ingestOnce}), so running an import again never stores
 * its rows twice. Each import records the {@link InstanceLock} owner running it; {@link #resume()}
 * takes over the imports whose owner is gone (crashed or stopped mid-import) and runs them again
 * from wherever their file is: still in the inbox, or already in {@code done/} or {@code failed/}.
 */
public final class Importer {

  /** Imports running at once per instance, {@value}. */
  public static final int CONCURRENT_IMPORTS = 2;

  private static final Logger LOG = LoggerFactory.getLogger(Importer.class);

  private static final String COLUMNS =
      "id, file_name, checksum, status, accepted, rejected, errors::text as errors, created_at,"
          + " finished_at";

  private final Database database;
  private final ReadingStore store;
  private final ReadingDecoder decoder;
  private final JsonMapper json;
  private final DataDirectories directories;
  private final InstanceLock lock;
  private final UploadKeys keys;
  private final Set<Path> inFlight = ConcurrentHashMap.newKeySet();
  private final Map<String, JobProgress> progress = new ConcurrentHashMap<>();
  private final JobQueue queue = new JobQueue(CONCURRENT_IMPORTS, LOG, "Import");

  private Importer(
      Database database,
      ReadingStore store,
      JsonMapper json,
      DataDirectories directories,
      InstanceLock lock) {
    this.database = database;
    this.store = store;
    this.decoder = new ReadingDecoder(json);
    this.json = json;
    this.directories = directories;
    this.lock = lock;
    this.keys = new UploadKeys(json);
  }

  /**
   * Starts the importer's background worker; {@link #stop()} ends it.
   *
   * @param database the demo database
   * @param store the readings table
   * @param json the JSON mapper
   * @param directories where files come from and go to; they must exist
   * @param lock this instance's lock, whose owner id is recorded on the imports it runs
   * @return the importer
   */
  public static Importer start(
      Database database,
      ReadingStore store,
      JsonMapper json,
      DataDirectories directories,
      InstanceLock lock) {
    return new Importer(
        Objects.requireNonNull(database, "database"),
        Objects.requireNonNull(store, "store"),
        Objects.requireNonNull(json, "json"),
        Objects.requireNonNull(directories, "directories"),
        Objects.requireNonNull(lock, "lock"));
  }

  /**
   * Takes over the imports left {@code queued} or {@code running} by instances that are gone, and
   * queues them again; deletes the temporary files of reports that such instances left in {@code
   * done/} and {@code failed/}. Call it once at start, before the inbox is watched.
   *
   * <p>An import taken over runs again from its file: {@code done/<id>-<name>} or {@code
   * failed/<id>-<name>} if it had been moved already, else {@code inbox/<name>} if its content
   * still has the import's checksum. If its rows were committed before the crash, they are not
   * stored again: the stored report is used. If the file is nowhere and nothing was committed, the
   * import is marked {@code failed}.
   *
   * @return how many imports were taken over, once they are queued
   */
  public Mono<Integer> resume() {
    return database
        .sql(
            "update imports set owner = $1 where status in ('queued', 'running') and owner is"
                + " distinct from $1 and "
                + InstanceLock.ownerGone("owner")
                + " returning "
                + COLUMNS)
        .bind(lock.owner())
        .map(this::status)
        .all()
        .collectList()
        .flatMap(
            taken ->
                removeLeftovers(taken)
                    .thenMany(Flux.fromIterable(taken))
                    .concatMap(this::requeue)
                    .then(Mono.just(taken.size())));
  }

  /**
   * Asks for a file to be imported: hashes it, registers the import and queues it, or, if the same
   * content was imported before, moves the file to {@code done/} with a report naming the earlier
   * import.
   *
   * <p>Errors: {@link NoSuchFileException} if the file is gone; {@link IllegalStateException} if
   * this instance is importing the same path already.
   *
   * @param file a file in the inbox
   * @return the claim, once registered
   */
  public Mono<ImportClaim> begin(Path file) {
    Path path = Objects.requireNonNull(file, "file").toAbsolutePath().normalize();
    String name = String.valueOf(path.getFileName());
    return Mono.defer(
        () -> {
          if (!inFlight.add(path)) {
            return Mono.error(
                new IllegalStateException("The file '" + name + "' is being imported already"));
          }
          return FileChecksum.sha256(path)
              .flatMap(checksum -> claim(checksum, name))
              .flatMap(
                  claim -> {
                    if (claim.duplicate()) {
                      return skipDuplicate(path, claim.status())
                          .doFinally(signal -> inFlight.remove(path))
                          .thenReturn(claim);
                    }
                    queue.submit(run(path, claim.status()));
                    return Mono.just(claim);
                  })
              .doOnError(error -> inFlight.remove(path));
        });
  }

  /**
   * Reads an import's status.
   *
   * @param id the import id
   * @return the status, empty if there is no such import
   */
  public Mono<ImportStatus> find(String id) {
    return database
        .sql("select " + COLUMNS + " from imports where id = $1")
        .bind(id)
        .map(this::status)
        .one()
        .map(this::withProgress);
  }

  /**
   * Lists the latest imports, newest first.
   *
   * @param limit how many at most
   * @return the statuses
   */
  public Flux<ImportStatus> recent(int limit) {
    return database
        .sql("select " + COLUMNS + " from imports order by created_at desc, id limit $1")
        .bind(limit)
        .map(this::status)
        .all()
        .map(this::withProgress);
  }

  /**
   * Stops the background worker; imports in progress are cancelled (their transaction rolls back).
   *
   * @return completes at once
   */
  public Mono<Void> stop() {
    return queue.stop();
  }

  private Mono<ImportClaim> claim(String checksum, String name) {
    String id = JobIds.next();
    return database
        .sql(
            "insert into imports (id, checksum, file_name, status, owner) values ($1, $2, $3,"
                + " 'queued', $4) on conflict (checksum) do nothing")
        .bind(id, checksum, name, lock.owner())
        .rowsUpdated()
        .flatMap(
            inserted -> {
              Mono<ImportStatus> status =
                  inserted == 1
                      ? find(id)
                      : database
                          .sql("select " + COLUMNS + " from imports where checksum = $1")
                          .bind(checksum)
                          .map(this::status)
                          .one();
              return status.map(found -> new ImportClaim(inserted != 1, found));
            });
  }

  private Mono<Void> run(Path path, ImportStatus queued) {
    String id = queued.id();
    Optional<ReadingFormat> format = formatOf(queued.fileName());
    JobProgress tracker = new JobProgress();
    Mono<Void> work;
    if (format.isEmpty()) {
      work =
          finish(
              path,
              id,
              "failed",
              new IngestReport(
                  0,
                  0,
                  List.of(
                      new LineError(
                          0, "unsupported file type: name files .csv, .ndjson, .jsonl or .json"))));
    } else {
      progress.put(id, tracker);
      work =
          database
              .sql("update imports set status = 'running' where id = $1")
              .bind(id)
              .rowsUpdated()
              .then(
                  store.ingestOnce(
                      key(id),
                      ReactiveFiles.attributes(path)
                          .flatMapMany(
                              attributes -> {
                                tracker.total(attributes.size());
                                return ReactiveFiles.read(path)
                                    .doOnNext(chunk -> tracker.add(chunk.remaining()));
                              })
                          .transform(decoder.decoder(format.get())),
                      false,
                      keys))
              .flatMap(stored -> finish(path, id, "done", stored.report()))
              .onErrorResume(error -> finish(path, id, "failed", failure(error)));
    }
    return work.doFinally(
        signal -> {
          inFlight.remove(path);
          progress.remove(id);
        });
  }

  /**
   * The idempotency key of an import's rows. It contains spaces, which {@link UploadKeys#validate}
   * refuses, so no client upload can take it.
   */
  static String key(String id) {
    return "file import " + id;
  }

  private Mono<Void> requeue(ImportStatus taken) {
    String stored = taken.id() + "-" + taken.fileName();
    Path inbox = directories.inbox().resolve(taken.fileName()).normalize();
    Mono<Path> moved =
        Flux.just(directories.done().resolve(stored), directories.failed().resolve(stored))
            .filterWhen(Importer::exists)
            .next();
    Mono<Path> waiting =
        exists(inbox)
            .filter(Boolean::booleanValue)
            .flatMap(present -> FileChecksum.sha256(inbox))
            .filter(taken.checksum()::equals)
            .map(sameContent -> inbox)
            .onErrorResume(NoSuchFileException.class, gone -> Mono.empty());
    return moved
        .switchIfEmpty(waiting)
        // Nowhere (or replaced by other content, left for the watcher): run from a path known to be
        // absent, which replays committed rows or fails the import as "file gone".
        .defaultIfEmpty(directories.failed().resolve(stored))
        .doOnNext(
            path -> {
              LOG.info("Taking over import {} of {} from {}", taken.id(), taken.fileName(), path);
              inFlight.add(path);
              queue.submit(run(path, taken));
            })
        .then();
  }

  /** Deletes the report temporaries in done/ and failed/ that no live instance is writing. */
  private Mono<Void> removeLeftovers(List<ImportStatus> taken) {
    Set<String> takenIds = new HashSet<>();
    taken.forEach(status -> takenIds.add(status.id()));
    return database
        .sql("select id from imports where status in ('queued', 'running')")
        .map(String.class)
        .all()
        .filter(id -> !takenIds.contains(id))
        .collect(Collectors.toSet())
        .flatMap(
            live ->
                AtomicWriteLeftovers.remove(directories.done(), live)
                    .then(AtomicWriteLeftovers.remove(directories.failed(), live)))
        .then();
  }

  private static IngestReport failure(Throwable error) {
    if (error instanceof NoSuchFileException) {
      return new IngestReport(
          0,
          0,
          List.of(new LineError(0, "the file was gone before it was read; nothing was stored")));
    }
    if (error instanceof MalformedUploadException malformed) {
      return new IngestReport(
          0,
          0,
          List.of(
              new LineError(
                  malformed.lineNumber(),
                  Objects.requireNonNullElse(malformed.getMessage(), "malformed file")
                      + "; nothing was stored")));
    }
    LOG.warn("Import failed", error);
    return new IngestReport(
        0, 0, List.of(new LineError(0, "the import failed; nothing was stored")));
  }

  /**
   * Moves the file and writes its report, then records the outcome: whoever sees the import
   * finished finds the file in place.
   */
  private Mono<Void> finish(Path path, String id, String status, IngestReport report) {
    String errors = json.writeValueAsString(report.errors());
    return find(id)
        .map(
            current ->
                new ImportStatus(
                    id,
                    current.fileName(),
                    current.checksum(),
                    status,
                    report.accepted(),
                    report.rejected(),
                    json.readTree(errors),
                    1.0,
                    current.createdAt(),
                    Instant.now()))
        .flatMap(
            finished ->
                moveWithReport(
                    path,
                    ("done".equals(status) ? directories.done() : directories.failed())
                        .resolve(id + "-" + finished.fileName()),
                    finished))
        .then(
            database
                .sql(
                    "update imports set status = $2, accepted = $3, rejected = $4, errors ="
                        + " $5::jsonb, finished_at = now() where id = $1")
                .bind(id, status, report.accepted(), report.rejected(), errors)
                .rowsUpdated())
        .then();
  }

  private Mono<Void> skipDuplicate(Path path, ImportStatus earlier) {
    LOG.info(
        "Not importing {} again: its content was imported as {}", path.getFileName(), earlier.id());
    return moveWithReport(
        path, directories.done().resolve(earlier.id() + "-" + path.getFileName()), earlier);
  }

  /** Moves the file to {@code target} (nothing to do if it is there already), then the report. */
  private Mono<Void> moveWithReport(Path path, Path target, ImportStatus status) {
    Path report = target.resolveSibling(target.getFileName() + ".report.json");
    byte[] body = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(status);
    return ReactiveFiles.move(path, target, StandardCopyOption.REPLACE_EXISTING)
        .then(
            ReactiveFiles.write(
                Flux.just(ByteBuffer.wrap(body)),
                report,
                WriteOptions.defaults().withMode(WriteMode.ATOMIC)))
        .onErrorResume(NoSuchFileException.class, gone -> Mono.empty())
        .then();
  }

  private ImportStatus withProgress(ImportStatus status) {
    if ("done".equals(status.status()) || "failed".equals(status.status())) {
      return status.withProgress(1.0);
    }
    JobProgress tracker = progress.get(status.id());
    return tracker == null ? status : status.withProgress(tracker.ratio());
  }

  private ImportStatus status(Row row) {
    String errors = row.get("errors", String.class);
    return new ImportStatus(
        Objects.requireNonNull(row.get("id", String.class)),
        Objects.requireNonNull(row.get("file_name", String.class)),
        Objects.requireNonNull(row.get("checksum", String.class)),
        Objects.requireNonNull(row.get("status", String.class)),
        orZero(row.get("accepted", Long.class)),
        orZero(row.get("rejected", Long.class)),
        errors == null ? null : json.readTree(errors),
        null,
        Objects.requireNonNull(instant(row.get("created_at", OffsetDateTime.class))),
        instant(row.get("finished_at", OffsetDateTime.class)));
  }

  static Optional<ReadingFormat> formatOf(String fileName) {
    String lower = fileName.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".csv")) {
      return Optional.of(ReadingFormat.CSV);
    }
    if (lower.endsWith(".ndjson") || lower.endsWith(".jsonl") || lower.endsWith(".json")) {
      return Optional.of(ReadingFormat.NDJSON);
    }
    return Optional.empty();
  }

  private static Mono<Boolean> exists(Path path) {
    return ReactiveFiles.attributes(path)
        .map(attributes -> true)
        .onErrorResume(NoSuchFileException.class, gone -> Mono.just(false));
  }

  private static long orZero(@Nullable Long value) {
    return value == null ? 0 : value;
  }

  private static @Nullable Instant instant(@Nullable OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }
}
