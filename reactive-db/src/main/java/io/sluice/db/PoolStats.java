package io.sluice.db;

/**
 * A snapshot of the connection pool.
 *
 * @param acquired connections lent out right now
 * @param idle connections waiting in the pool
 * @param pending callers waiting for a connection
 * @param allocated connections open in total (acquired and idle)
 * @param maxSize the most connections the pool opens
 */
public record PoolStats(int acquired, int idle, int pending, int allocated, int maxSize) {

  @Override
  public String toString() {
    return acquired
        + " of max "
        + maxSize
        + " connections acquired, "
        + idle
        + " idle, "
        + pending
        + " pending acquires";
  }
}
