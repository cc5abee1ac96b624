package io.sluice.demo.readings;

/**
 * How {@code GET /api/readings} reads a long result from the database.
 *
 * <p>{@link #PAGES} is the default: a slow client costs one page of memory and no connection, so
 * hundreds of slow readers share a small pool fairly. {@link #SNAPSHOT} gives one consistent view
 * of the table at the price of a connection held for the whole stream.
 */
public enum ReadMode {

  /**
   * Keyset pages ({@code id > last order by id limit 500}), each on a connection borrowed only
   * while it is fetched. Rows stored while the stream runs appear if their id is beyond the last
   * one sent; there is no single snapshot.
   */
  PAGES,

  /**
   * One server-side cursor fetched as the client reads: one snapshot of the table, and one pool
   * connection held until the stream ends.
   */
  SNAPSHOT
}
