package io.sluice.demo.files;

import io.r2dbc.spi.Row;
import io.sluice.db.Database;
import io.sluice.demo.readings.ReadingQuery;
import io.sluice.demo.readings.ReadingStore;
import io.sluice.fs.ReactiveFiles;
import io.sluice.fs.WriteMode;
import io.sluice.fs.WriteOptions;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the readings a query selects to {@code exports/<id>.ndjson.gz}: streamed from a database
 * cursor, one JSON object per line, gzip-compressed on a parallel worker (never on an event loop),
 * and written atomically through {@link ReactiveFiles#write} in {@link WriteMode#ATOMIC} mode, so
 * the file is either absent or complete. The export runs in the background, at most {@value
 * #CONCURRENT_EXPORTS} at a time per instance; its status shows the rows written out of the rows
 * selected.
 *
 * <p>Crash safety: each export records the {@link InstanceLock} owner running it and its query.
 * {@link #resume()} takes over the exports whose owner is gone (crashed or stopped mid-export),
 * deletes the temporary file they left and runs them again under the same id; a file already in
 * place is replaced atomically.
 *
 * <p>Not handled: old exports are never deleted.
 */
public final class Exporter {

  /** Exports running at once per instance, {@value}. */
  public static final int CONCURRENT_EXPORTS = 2;

  /** The size of the compressed chunks written, about {@value} bytes. */
  static final int CHUNK_SIZE = 64 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(Exporter.class);
  private static final String COLUMNS = "id, status, rows, bytes, created_at, finished_at";

  private final Database database;
  private final ReadingStore store;
  private final JsonMapper json;
  private final DataDirectories directories;
  private final InstanceLock lock;
  private final Map<String, JobProgress> progress = new ConcurrentHashMap<>();
  private final JobQueue queue = new JobQueue(CONCURRENT_EXPORTS, LOG, "Export");

  private Exporter(
      Database database,
      ReadingStore store,
      JsonMapper json,
      DataDirectories directories,
      InstanceLock lock) {
    this.database = database;
    this.store = store;
    this.json = json;
    this.directories = directories;
    this.lock = lock;
  }

  /**
   * Starts the exporter's background worker; {@link #stop()} ends it.
   *
   * @param database the demo database
   * @param store the readings table
   * @param json the JSON mapper
   * @param directories where exports are written; they must exist
   * @param lock this instance's lock, whose owner id is recorded on the exports it runs
   * @return the exporter
   */
  public static Exporter start(
      Database database,
      ReadingStore store,
      JsonMapper json,
      DataDirectories directories,
      InstanceLock lock) {
    return new Exporter(
        Objects.requireNonNull(database, "database"),
        Objects.requireNonNull(store, "store"),
        Objects.requireNonNull(json, "json"),
        Objects.requireNonNull(directories, "directories"),
        Objects.requireNonNull(lock, "lock"));
  }

  /**
   * Takes over the exports left {@code queued} or {@code running} by instances that are gone,
   * deletes the temporary files that such instances left in {@code exports/}, and queues the
   * exports again; one without a stored query (registered before queries were kept) is marked
   * {@code failed}. Call it once at start.
   *
   * @return how many exports were taken over, once they are queued
   */
  public Mono<Integer> resume() {
    return database
        .sql(
            "update exports set owner = $1 where status in ('queued', 'running') and owner is"
                + " distinct from $1 and "
                + InstanceLock.ownerGone("owner")
                + " returning id, query::text as query")
        .bind(lock.owner())
        .map(
            row ->
                new Taken(
                    Objects.requireNonNull(row.get("id", String.class)),
                    row.get("query", String.class)))
        .all()
        .collectList()
        .flatMap(
            taken ->
                database
                    .sql("select id from exports where status in ('queued', 'running')")
                    .map(String.class)
                    .all()
                    .filter(id -> taken.stream().noneMatch(job -> job.id().equals(id)))
                    .collect(Collectors.toSet())
                    .flatMap(live -> AtomicWriteLeftovers.remove(directories.exports(), live))
                    .thenMany(Flux.fromIterable(taken))
                    .concatMap(this::requeue)
                    .then(Mono.just(taken.size())));
  }

  /** An export taken over: its id and its query as JSON, if it was stored. */
  private record Taken(String id, @Nullable String query) {}

  private Mono<Void> requeue(Taken taken) {
    String text = taken.query();
    if (text == null) {
      LOG.warn("Export {} was interrupted and has no stored query; marking it failed", taken.id());
      return finish(taken.id(), "failed", 0, 0);
    }
    LOG.info("Taking over export {}", taken.id());
    ReadingQuery query = json.readValue(text, ReadingQuery.class);
    return Mono.fromRunnable(() -> queue.submit(run(taken.id(), query)));
  }

  /**
   * Registers an export and queues it.
   *
   * @param query what to export
   * @return the queued export's status
   */
  public Mono<ExportStatus> begin(ReadingQuery query) {
    Objects.requireNonNull(query, "query");
    return Mono.defer(
        () -> {
          String id = JobIds.next();
          return database
              .sql(
                  "insert into exports (id, status, owner, query) values ($1, 'queued', $2,"
                      + " $3::jsonb)")
              .bind(id, lock.owner(), json.writeValueAsString(query))
              .rowsUpdated()
              .then(Mono.fromRunnable(() -> queue.submit(run(id, query))))
              .then(find(id));
        });
  }

  /**
   * Reads an export's status.
   *
   * @param id the export id
   * @return the status, empty if there is no such export
   */
  public Mono<ExportStatus> find(String id) {
    return database
        .sql("select " + COLUMNS + " from exports where id = $1")
        .bind(id)
        .map(this::status)
        .one();
  }

  /**
   * Lists the latest exports, newest first.
   *
   * @param limit how many at most
   * @return the statuses
   */
  public Flux<ExportStatus> recent(int limit) {
    return database
        .sql("select " + COLUMNS + " from exports order by created_at desc, id limit $1")
        .bind(limit)
        .map(this::status)
        .all();
  }

  /**
   * Returns where a finished export's file is.
   *
   * @param id a checked export id
   * @return {@code exports/<id>.ndjson.gz}
   */
  public Path file(String id) {
    return directories.exports().resolve(id + ".ndjson.gz");
  }

  /**
   * Stops the background worker; exports in progress are cancelled and leave no file.
   *
   * @return completes at once
   */
  public Mono<Void> stop() {
    return queue.stop();
  }

  private Mono<Void> run(String id, ReadingQuery query) {
    JobProgress tracker = new JobProgress();
    progress.put(id, tracker);
    Flux<byte[]> lines =
        store
            .find(query)
            .doOnNext(reading -> tracker.add(1))
            .map(reading -> line(reading))
            .publishOn(Schedulers.parallel(), 256);
    return database
        .sql("update exports set status = 'running' where id = $1")
        .bind(id)
        .rowsUpdated()
        .then(count(query))
        .doOnNext(tracker::total)
        .then(
            ReactiveFiles.write(
                GzipChunks.compress(lines, CHUNK_SIZE),
                file(id),
                WriteOptions.defaults().withMode(WriteMode.ATOMIC)))
        .flatMap(bytes -> finish(id, "done", tracker.done(), bytes))
        .onErrorResume(
            error -> {
              LOG.warn("Export {} failed", id, error);
              return finish(id, "failed", tracker.done(), 0);
            })
        .doFinally(signal -> progress.remove(id));
  }

  private byte[] line(Object reading) {
    byte[] value = json.writeValueAsBytes(reading);
    byte[] line = new byte[value.length + 1];
    System.arraycopy(value, 0, line, 0, value.length);
    line[value.length] = '\n';
    return line;
  }

  private Mono<Long> count(ReadingQuery query) {
    List<Object> values = new ArrayList<>();
    StringBuilder sql = new StringBuilder("select 1 from readings where true");
    if (query.station() != null) {
      values.add(query.station());
      sql.append(" and station_id = $").append(values.size());
    }
    if (query.from() != null) {
      values.add(query.from());
      sql.append(" and recorded_at >= $").append(values.size());
    }
    if (query.to() != null) {
      values.add(query.to());
      sql.append(" and recorded_at < $").append(values.size());
    }
    values.add(query.limit());
    sql.append(" limit $").append(values.size());
    return database
        .sql("select count(*) from (" + sql + ") selected")
        .bind(values.toArray())
        .map(Long.class)
        .one();
  }

  private Mono<Void> finish(String id, String status, long rows, long bytes) {
    return database
        .sql(
            "update exports set status = $2, rows = $3, bytes = $4, finished_at = now() where id ="
                + " $1")
        .bind(id, status, rows, bytes)
        .rowsUpdated()
        .then();
  }

  private ExportStatus status(Row row) {
    String id = Objects.requireNonNull(row.get("id", String.class));
    String status = Objects.requireNonNull(row.get("status", String.class));
    long rows = orZero(row.get("rows", Long.class));
    Long total = null;
    Double ratio = null;
    JobProgress tracker = progress.get(id);
    if (tracker != null) {
      rows = tracker.done();
      total = tracker.total() < 0 ? null : tracker.total();
      ratio = tracker.ratio();
    } else if ("done".equals(status)) {
      total = rows;
      ratio = 1.0;
    }
    return new ExportStatus(
        id,
        status,
        rows,
        orZero(row.get("bytes", Long.class)),
        total,
        ratio,
        "done".equals(status) ? "/api/exports/" + id + "/file" : null,
        Objects.requireNonNull(instant(row.get("created_at", OffsetDateTime.class))),
        instant(row.get("finished_at", OffsetDateTime.class)));
  }

  private static long orZero(@Nullable Long value) {
    return value == null ? 0 : value;
  }

  private static @Nullable Instant instant(@Nullable OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }
}
