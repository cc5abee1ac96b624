package io.sluice.db;

import io.r2dbc.spi.Row;
import io.sluice.db.internal.KeysetPages;
import io.sluice.db.internal.KeysetSql;
import io.sluice.db.internal.StatementProgress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A mapped query read in pages ordered by a key column, each page on a connection borrowed only for
 * the time it takes to fetch it: {@code where key > last order by key limit pageSize}. A slow
 * subscriber holds one page of rows in memory and no connection. Immutable; every publisher it
 * returns runs the query again on each subscription.
 *
 * <pre>{@code
 * Flux<Reading> readings =
 *     db.sql("select id, station_id, value from readings where station_id = $1")
 *         .bind(7)
 *         .map(Reading.class)
 *         .keyset("id", Long.class)
 *         .pageSize(500)
 *         .all();
 * }</pre>
 *
 * <p>Each page runs the query wrapped as a subquery, {@code select * from (<query>) as keyset_page
 * where "id" > $n+1 order by "id" limit 500}: the last key is bound as one more parameter after the
 * query's own, the key column is quoted as an identifier, and no value is ever spliced into the
 * SQL. The key column must be an output column of the query, unique and never NULL. PostgreSQL
 * merges such a subquery into the outer query, so with an index on the key each page is an index
 * range scan.
 *
 * <p><b>Consistency:</b> unlike {@link MappedQuery#all()}, which reads one snapshot through one
 * cursor, each page is a statement of its own: a row inserted or updated between two pages appears
 * if its key is beyond the last key read and not if it is behind, and a row is never read twice
 * unless its key is updated to a larger value. Run it in a {@link
 * Database#inTransaction(TransactionOptions, java.util.function.Function) repeatable-read
 * transaction} for one snapshot, at the price of holding that connection.
 *
 * @param <T> the type rows are mapped to
 * @param <K> the type of the key column
 */
public final class KeysetQuery<T, K> {

  /** Rows per page unless {@link #pageSize(int)} says otherwise: {@value}. */
  public static final int DEFAULT_PAGE_SIZE = 500;

  /** The largest page size: {@value} rows. */
  public static final int MAX_PAGE_SIZE = 100_000;

  private final Query query;
  private final RowMapper<? extends T> mapper;
  private final String keyColumn;
  private final Class<K> keyType;
  private final int pageSize;
  private final @Nullable K startAfter;

  KeysetQuery(
      Query query,
      RowMapper<? extends T> mapper,
      String keyColumn,
      Class<K> keyType,
      int pageSize,
      @Nullable K startAfter) {
    this.query = query;
    this.mapper = mapper;
    this.keyColumn = keyColumn;
    this.keyType = keyType;
    this.pageSize = pageSize;
    this.startAfter = startAfter;
  }

  /**
   * Sets the rows per page: the rows held in memory at most, and the rows fetched per round trip.
   * The default is {@value #DEFAULT_PAGE_SIZE}.
   *
   * @param rows from 1 to {@value #MAX_PAGE_SIZE}
   * @return a new query with this page size
   * @throws IllegalArgumentException if {@code rows} is out of bounds
   */
  public KeysetQuery<T, K> pageSize(int rows) {
    if (rows < 1 || rows > MAX_PAGE_SIZE) {
      throw new IllegalArgumentException(
          "pageSize must be between 1 and " + MAX_PAGE_SIZE + ", was " + rows);
    }
    return new KeysetQuery<>(query, mapper, keyColumn, keyType, rows, startAfter);
  }

  /**
   * Starts after {@code key}: only rows whose key is greater are read. This resumes a stream from
   * the key of the last row received. By default, the stream starts with the smallest key.
   *
   * @param key the last key already seen, not null
   * @return a new query starting after this key
   */
  public KeysetQuery<T, K> startAfter(K key) {
    Objects.requireNonNull(
        key,
        "startAfter key must not be null (keyset keys are never NULL);"
            + " leave startAfter out to start at the smallest key");
    return new KeysetQuery<>(query, mapper, keyColumn, keyType, pageSize, keyType.cast(key));
  }

  /**
   * Streams every row, mapped, in ascending key order, one page at a time.
   *
   * <p><b>Backpressure:</b> nothing is sent to the server before the first request. A page is
   * fetched only when the subscriber has requested more rows than the pages fetched so far held, so
   * at most one page is held and none is fetched ahead. A page is read whole in one round trip and
   * its connection goes back to the pool before its first row is emitted; the next page borrows a
   * connection again. A page with fewer than {@link #pageSize(int)} rows is the last.
   * <b>Cancellation:</b> drops the rows left in the current page; if a page is being fetched,
   * cancels it as {@link MappedQuery#all()} does and returns its connection to the pool.
   * <b>Errors:</b> as {@link MappedQuery#all()} for each page (a {@link BadSqlException} if the key
   * column is not an output column of the query, or of a type that does not compare with {@code
   * K}); an {@link IllegalStateException} naming the column if a row's key is NULL; a {@link
   * ConnectionAcquireTimeoutException} if no connection is free for a page within the acquire
   * timeout. <b>Defaults:</b> {@value #DEFAULT_PAGE_SIZE} rows per page, from the smallest key.
   */
  public Flux<T> all() {
    query.checkBound();
    KeysetSql sql = new KeysetSql(query.sql(), query.values().size(), keyColumn, pageSize);
    return new KeysetPages<K, T>(startAfter, pageSize, after -> page(sql, after));
  }

  private Mono<KeysetPages.Page<K, T>> page(KeysetSql sql, @Nullable K after) {
    String text = after == null ? sql.first() : sql.next();
    List<@Nullable Object> values = new ArrayList<>(query.values());
    if (after != null) {
      values.add(after);
    }
    return Mono.defer(
        () -> {
          StatementProgress progress = StatementProgress.query();
          AtomicReference<@Nullable K> last = new AtomicReference<>();
          return query
              .context()
              .executor()
              .execute(
                  progress,
                  connection ->
                      query
                          .context()
                          .statements()
                          .<T>rows(
                              connection,
                              text,
                              values,
                              // One round trip for the whole page, through a portal.
                              Integer.MAX_VALUE,
                              row -> {
                                last.set(key(row, text));
                                return mapper.map(row);
                              },
                              progress))
              .collectList()
              .map(rows -> new KeysetPages.Page<>(rows, last.get()));
        });
  }

  private K key(Row row, String text) {
    K key = row.get(keyColumn, keyType);
    if (key == null) {
      throw new IllegalStateException(
          "Keyset column '"
              + keyColumn
              + "' is NULL in a row of: "
              + text
              + "; the key must be NOT NULL (filter NULLs out in the query or use another key)");
    }
    return key;
  }

  @Override
  public String toString() {
    return "KeysetQuery["
        + query.sql()
        + ", key "
        + keyColumn
        + ", "
        + pageSize
        + " rows per page"
        + (startAfter == null ? "" : ", after " + startAfter)
        + "]";
  }
}
