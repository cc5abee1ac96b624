package io.sluice.demo.readings;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.db.PoolStats;
import io.sluice.demo.DemoUnderTest;
import io.sluice.test.netty.NettyLeakDetection;
import io.sluice.test.postgres.PostgresDatabase;
import io.sluice.test.postgres.PostgresTest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * Many clients leaving {@code GET /api/readings} mid-stream: no buffer leaks, every pooled
 * connection back and idle, no query left running, and the live heap back to what it was before.
 *
 * <p>The suite runs {@value #DEFAULT_REQUESTS} requests; the full soak is {@code ./mvnw -pl
 * demo-app verify -Dtest=CancelledStreamSoakTests -Dsluice.soak.requests=10000}.
 */
@PostgresTest
class CancelledStreamSoakTests {

  private static final int DEFAULT_REQUESTS = 200;
  private static final int ROWS = 5_000;
  private static final int CONCURRENCY = 8;

  /** Requests before the heap baseline, so that pools, caches and compiled code are in place. */
  private static final int WARM_UP_REQUESTS = 50;

  /**
   * How much more live heap than the baseline the soak may leave behind: {@value} MiB. Measured
   * runs came back within 1 MiB (+0.1 to +0.2 MiB after 200 requests, +0.6 MiB after 10,000: the
   * collector's own accounting and a few lazily built objects); a request leaving 500 bytes behind
   * would exceed it at 10,000 requests, one leaving 25 KiB at the suite's 200.
   */
  private static final long HEAP_TOLERANCE_MIB = 4;

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private static DemoUnderTest app;

  @BeforeAll
  static void startWithReadings(PostgresDatabase database) {
    app = DemoUnderTest.start(database);
    app.database()
        .sql(
            "insert into readings (station_id, recorded_at, temperature, humidity, pressure)"
                + " select 'soak-1', timestamptz '2026-01-01' + n * interval '1 second', 1, 2, 3"
                + " from generate_series(1, $1) n")
        .bind(ROWS)
        .rowsUpdated()
        .block(TIMEOUT);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void clientsCancellingMidStreamLeaveNoLeakNoBusyConnectionAndNoRunningQuery()
      throws InterruptedException {
    int requests = Integer.getInteger("sluice.soak.requests", DEFAULT_REQUESTS);
    assertThat(cancelStreams(WARM_UP_REQUESTS)).isEqualTo(WARM_UP_REQUESTS);
    await("every pooled connection is back", () -> idle(app.database().poolStats()));
    await("no query is left running", () -> runningQueries() == 0);
    NettyLeakDetection.takeLeaks();
    long heapBefore = LiveHeap.usedAfterFullGc();

    long started = System.nanoTime();
    long cancelled = cancelStreams(requests);
    long elapsed = System.nanoTime() - started;

    assertThat(cancelled).as("streams read partly, then cancelled").isEqualTo(requests);
    await("every pooled connection is back", () -> idle(app.database().poolStats()));
    await("no query is left running", () -> runningQueries() == 0);
    List<String> leaks = NettyLeakDetection.takeLeaks();
    long heapAfter = LiveHeap.usedAfterFullGc();
    System.out.println(
        "Cancelled stream soak: "
            + requests
            + " requests in "
            + TimeUnit.NANOSECONDS.toMillis(elapsed)
            + " ms, "
            + leaks.size()
            + " leak reports, live heap "
            + LiveHeap.mib(heapBefore)
            + " before, "
            + LiveHeap.mib(heapAfter)
            + " after, pool "
            + app.database().poolStats());
    assertThat(leaks).as("Netty leak reports after %d cancelled streams", requests).isEmpty();
    assertThat(heapAfter)
        .as(
            "live heap after %d cancelled streams (%s) against the baseline (%s)",
            requests, LiveHeap.mib(heapAfter), LiveHeap.mib(heapBefore))
        .isLessThan(heapBefore + HEAP_TOLERANCE_MIB * 1024 * 1024);
  }

  /** Starts streams of many rows, reads three lines of each, then leaves; returns how many did. */
  private static long cancelStreams(int requests) {
    Long cancelled =
        Flux.range(0, requests)
            .flatMap(
                i ->
                    app.client()
                        .get("/api/readings?limit=" + ROWS)
                        .lines()
                        .take(3, true)
                        .count()
                        .filter(lines -> lines == 3),
                CONCURRENCY)
            .count()
            .block(Duration.ofMinutes(30));
    return cancelled == null ? -1 : cancelled;
  }

  private static boolean idle(PoolStats stats) {
    return stats.acquired() == 0 && stats.pending() == 0;
  }

  private static long runningQueries() {
    Long n =
        app.database()
            .sql(
                "select count(*) from pg_stat_activity where datname = current_database()"
                    + " and pid <> pg_backend_pid() and state <> 'idle'"
                    + " and query like 'select id, station_id, recorded_at%'")
            .map(Long.class)
            .one()
            .block(TIMEOUT);
    return n == null ? -1 : n;
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(20);
    }
  }
}
