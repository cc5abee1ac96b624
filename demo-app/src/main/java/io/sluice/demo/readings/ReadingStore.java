package io.sluice.demo.readings;

import io.sluice.db.Database;
import io.sluice.db.Transaction;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@code readings} table: bulk ingest through COPY, and streaming reads.
 *
 * <h2>Ingest</h2>
 *
 * Each ingest is one transaction: the valid readings are copied (COPY FROM STDIN, {@value
 * #ROWS_PER_CHUNK} rows per chunk, the parser asked for more only as the database takes them) into
 * a temporary table, then moved into {@code readings} under a transaction-level advisory lock, and
 * a notification on channel {@value #CHANNEL} carrying the highest new id goes out when the
 * transaction commits. The lock makes ids grow in commit order, so a reader that has seen id {@code
 * n} finds everything newer with {@code id > n}; it is held only for the move, not while the upload
 * streams in, so uploads run in parallel.
 *
 * <p>An ingest either commits everything it accepted or nothing: a failure of the input (a
 * malformed upload, a body too large, a client that went away), a database error or a cancel rolls
 * it back.
 */
public final class ReadingStore {

  /** Rows per keyset page of {@link ReadMode#PAGES} reads. */
  private static final int PAGE_SIZE = 500;

  /** The notification channel announcing new readings; the payload is the highest new id. */
  public static final String CHANNEL = "readings";

  /** Rows per COPY chunk, {@value}. */
  static final int ROWS_PER_CHUNK = 512;

  /** The key of the advisory lock that orders ingests; any constant unique to this table. */
  private static final long INGEST_LOCK = 0x5EAD1465L;

  private static final String COLUMNS =
      "id, station_id, recorded_at, temperature, humidity, pressure";

  private final Database database;

  /**
   * A store on the given database, whose schema has been migrated.
   *
   * @param database the database
   */
  public ReadingStore(Database database) {
    this.database = Objects.requireNonNull(database, "database");
  }

  /**
   * Stores the valid lines and reports the invalid ones.
   *
   * <p>Backpressure: lines are requested as COPY chunks are written to the database. Errors: with
   * {@code atomic}, the first invalid line fails the ingest with {@link RejectedUploadException}
   * and nothing is stored; otherwise invalid lines are counted and the first {@value
   * IngestReport#MAX_ERRORS} listed. An error of {@code lines} rolls everything back and is
   * propagated. Cancellation rolls back.
   *
   * @param lines the parsed lines of an upload
   * @param atomic whether one bad line rejects the whole upload
   * @return the report, once committed
   */
  public Mono<IngestReport> ingest(Flux<ParsedLine> lines, boolean atomic) {
    Objects.requireNonNull(lines, "lines");
    return Mono.defer(
        () -> {
          Tally tally = new Tally();
          Flux<ByteBuffer> chunks = chunks(lines, atomic, tally);
          return database
              .inTransaction(tx -> copyAndPublish(tx, chunks))
              .then(Mono.fromSupplier(tally::report));
        });
  }

  /**
   * Stores an upload at most once per idempotency key: as {@link #ingest(Flux, boolean)}, but the
   * key and the report are written in the same transaction as the rows. If the key was already
   * used, nothing is read from {@code lines} and the report stored with the key is returned (an
   * upload with the same key still in progress is waited for first).
   *
   * @param key the client's idempotency key
   * @param lines the parsed lines of an upload
   * @param atomic whether one bad line rejects the whole upload
   * @param keys reads and writes the stored reports
   * @return the report of this upload, or the stored one of the first upload with this key
   */
  public Mono<StoredIngest> ingestOnce(
      String key, Flux<ParsedLine> lines, boolean atomic, UploadKeys keys) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(keys, "keys");
    return Mono.defer(
        () -> {
          Tally tally = new Tally();
          Flux<ByteBuffer> chunks = chunks(lines, atomic, tally);
          return database
              .inTransaction(
                  tx ->
                      keys.claim(tx, key)
                          .flatMap(
                              claimed ->
                                  claimed
                                      ? copyAndPublish(tx, chunks)
                                          .then(Mono.fromSupplier(tally::report))
                                          .flatMap(report -> keys.record(tx, key, report))
                                          .map(report -> new StoredIngest(report, false))
                                      : Mono.empty()))
              .singleOrEmpty()
              .switchIfEmpty(
                  keys.stored(database, key).map(report -> new StoredIngest(report, true)));
        });
  }

  private static Flux<ByteBuffer> chunks(Flux<ParsedLine> lines, boolean atomic, Tally tally) {
    return lines
        .<Reading>handle(
            (line, sink) -> {
              if (line instanceof ParsedLine.Valid valid) {
                tally.accepted++;
                sink.next(valid.reading());
              } else {
                ParsedLine.Invalid invalid = (ParsedLine.Invalid) line;
                LineError error = new LineError(invalid.lineNumber(), invalid.message());
                if (atomic) {
                  sink.error(new RejectedUploadException(error));
                  return;
                }
                tally.reject(error);
              }
            })
        .buffer(ROWS_PER_CHUNK)
        .map(CopyRows::encode);
  }

  /**
   * Stores readings, all or nothing; for seeding and tests.
   *
   * @param readings the readings
   * @return how many were stored
   */
  public Mono<Long> insert(Flux<Reading> readings) {
    AtomicLong number = new AtomicLong();
    return ingest(
            readings.map(r -> (ParsedLine) new ParsedLine.Valid(number.incrementAndGet(), r)), true)
        .map(IngestReport::accepted);
  }

  private static Mono<Long> copyAndPublish(Transaction tx, Flux<ByteBuffer> chunks) {
    return tx.sql(
            "create temporary table incoming_readings ("
                + "station_id text, recorded_at timestamptz, temperature double precision,"
                + " humidity double precision, pressure double precision) on commit drop")
        .rowsUpdated()
        .then(
            tx.copyIn(
                "copy incoming_readings (station_id, recorded_at, temperature, humidity, pressure)"
                    + " from stdin",
                chunks))
        .flatMap(
            copied ->
                copied == 0
                    ? Mono.just(0L)
                    : tx.sql("select pg_advisory_xact_lock($1)")
                        .bind(INGEST_LOCK)
                        .rowsUpdated()
                        .then(
                            tx.sql(
                                    "insert into readings"
                                        + " (station_id, recorded_at, temperature, humidity,"
                                        + " pressure) select station_id, recorded_at,"
                                        + " temperature, humidity, pressure from"
                                        + " incoming_readings")
                                .rowsUpdated())
                        .flatMap(
                            inserted ->
                                tx.sql(
                                        "select pg_notify($1, currval(pg_get_serial_sequence("
                                            + "'readings', 'id'))::text)")
                                    .bind(CHANNEL)
                                    .rowsUpdated()
                                    .thenReturn(inserted)));
  }

  /**
   * Streams the readings matching a query in {@link ReadMode#PAGES} mode.
   *
   * @param query station, time range and limit
   * @return the readings, in the order they were stored (by id)
   */
  public Flux<StoredReading> find(ReadingQuery query) {
    return find(query, ReadMode.PAGES);
  }

  /**
   * Streams the readings matching a query, in the order they were stored (by id).
   *
   * <p>Backpressure: rows are fetched as the subscriber asks — a page at a time, or through a
   * cursor. Cancellation: stops the fetch in progress on the server and returns the connection.
   *
   * @param query station, time range and limit
   * @param mode keyset pages (no connection held between pages) or one cursor (one snapshot)
   * @return the readings
   */
  public Flux<StoredReading> find(ReadingQuery query, ReadMode mode) {
    Objects.requireNonNull(query, "query");
    List<Object> values = new ArrayList<>();
    StringBuilder sql = new StringBuilder("select " + COLUMNS + " from readings where true");
    String station = query.station();
    if (station != null) {
      values.add(station);
      sql.append(" and station_id = $").append(values.size());
    }
    Instant from = query.from();
    if (from != null) {
      values.add(from);
      sql.append(" and recorded_at >= $").append(values.size());
    }
    Instant to = query.to();
    if (to != null) {
      values.add(to);
      sql.append(" and recorded_at < $").append(values.size());
    }
    if (mode == ReadMode.SNAPSHOT) {
      values.add(query.limit());
      sql.append(" order by id limit $").append(values.size());
      return database.sql(sql.toString()).bind(values.toArray()).map(StoredReading.class).all();
    }
    return database
        .sql(sql.toString())
        .bind(values.toArray())
        .map(StoredReading.class)
        .keyset("id", Long.class)
        .pageSize(Math.min(PAGE_SIZE, query.limit()))
        .all()
        .take(query.limit(), true);
  }

  /**
   * Streams the readings stored after an id, in id order.
   *
   * @param id the last id already seen
   * @param limit the most rows to return
   * @return the readings with a greater id, at most {@code limit}
   */
  public Flux<StoredReading> after(long id, int limit) {
    return database
        .sql("select " + COLUMNS + " from readings where id > $1 order by id limit $2")
        .bind(id, limit)
        .map(StoredReading.class)
        .all();
  }

  /**
   * Returns the highest id stored, 0 if none.
   *
   * @return the highest id
   */
  public Mono<Long> lastId() {
    return database.sql("select coalesce(max(id), 0) from readings").map(Long.class).one();
  }

  /**
   * Counts the stored readings.
   *
   * @return the number of rows
   */
  public Mono<Long> count() {
    return database.sql("select count(*) from readings").map(Long.class).one();
  }

  /** Counts accepted and rejected lines of one ingest; used by one subscription only. */
  private static final class Tally {
    long accepted;
    long rejected;
    final List<LineError> errors = new ArrayList<>();

    void reject(LineError error) {
      rejected++;
      if (errors.size() < IngestReport.MAX_ERRORS) {
        errors.add(error);
      }
    }

    IngestReport report() {
      return new IngestReport(accepted, rejected, errors);
    }
  }

  @Override
  public String toString() {
    return "ReadingStore[" + database + "]";
  }
}
