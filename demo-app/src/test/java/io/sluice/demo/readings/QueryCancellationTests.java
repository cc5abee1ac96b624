package io.sluice.demo.readings;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.demo.DemoUnderTest;
import io.sluice.test.postgres.PostgresDatabase;
import io.sluice.test.postgres.PostgresTest;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;

/** A client that goes away mid-stream leaves no query running on the server. */
@PostgresTest
class QueryCancellationTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final int ROWS = 200_000;

  private static DemoUnderTest app;

  @BeforeAll
  static void startWithManyReadings(PostgresDatabase database) {
    app = DemoUnderTest.start(database);
    app.database()
        .sql(
            "insert into readings (station_id, recorded_at, temperature, humidity, pressure)"
                + " select 'bulk-1', timestamptz '2026-01-01' + n * interval '1 second', 1, 2, 3"
                + " from generate_series(1, $1) n")
        .bind(ROWS)
        .rowsUpdated()
        .block(TIMEOUT);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static long streamingQueries() {
    Long count =
        app.database()
            .sql(
                "select count(*) from pg_stat_activity where datname = current_database()"
                    + " and state <> 'idle' and pid <> pg_backend_pid()"
                    + " and query like '%select id, station_id, recorded_at%'")
            .map(Long.class)
            .one()
            .block(TIMEOUT);
    return count == null ? -1 : count;
  }

  private static long awaitStreamingQueries(long expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    long count = streamingQueries();
    while (count != expected && System.nanoTime() < deadline) {
      Thread.sleep(50);
      count = streamingQueries();
    }
    return count;
  }

  @Test
  void aClientDisconnectingMidSnapshotStreamLeavesNoActiveQuery() throws Exception {
    CountDownLatch fiveLines = new CountDownLatch(5);
    BaseSubscriber<String> reader =
        new BaseSubscriber<>() {
          @Override
          protected void hookOnSubscribe(Subscription subscription) {
            request(5);
          }

          @Override
          protected void hookOnNext(String line) {
            fiveLines.countDown();
          }
        };
    app.client().get("/api/readings?consistency=snapshot&limit=" + ROWS).lines().subscribe(reader);
    assertThat(fiveLines.await(30, TimeUnit.SECONDS)).as("the first lines arrived").isTrue();

    assertThat(awaitStreamingQueries(1))
        .as("the query is running while the client holds the stream open")
        .isEqualTo(1);

    reader.dispose();

    assertThat(awaitStreamingQueries(0)).as("queries left after the client went away").isZero();
  }

  @Test
  void aPagedStreamHoldsNoQueryOrConnectionWhileTheClientIsNotReading() throws Exception {
    CountDownLatch fiveLines = new CountDownLatch(5);
    java.util.concurrent.atomic.AtomicLong received = new java.util.concurrent.atomic.AtomicLong();
    BaseSubscriber<String> reader =
        new BaseSubscriber<>() {
          @Override
          protected void hookOnSubscribe(Subscription subscription) {
            request(5);
          }

          @Override
          protected void hookOnNext(String line) {
            received.incrementAndGet();
            fiveLines.countDown();
          }
        };
    app.client().get("/api/readings?limit=" + ROWS).lines().subscribe(reader);
    assertThat(fiveLines.await(30, TimeUnit.SECONDS)).as("the first lines arrived").isTrue();

    // The client reads no further: the server fills the socket buffers, then stops asking for
    // pages. No query runs and no connection is taken while the stream stays open.
    assertThat(awaitStreamingQueries(0)).as("queries running for a paused paged stream").isZero();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (app.database().poolStats().acquired() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(app.database().poolStats().acquired()).as("connections taken").isZero();
    assertThat(reader.isDisposed()).as("the stream is still open").isFalse();
    assertThat(received).hasValue(5);

    reader.request(Long.MAX_VALUE);
    reader.dispose();
    assertThat(awaitStreamingQueries(0)).as("queries left after the client went away").isZero();
  }
}
