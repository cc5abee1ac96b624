package io.sluice.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.test.postgres.PostgresDatabase;
import io.sluice.test.postgres.PostgresTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

@PostgresTest
class CancellationTests {

  static final String APP = "sluice-cancellation-tests";

  static Database db;
  static Database observer;

  @BeforeAll
  static void setUp(PostgresDatabase postgres) {
    db = TestDatabases.open(postgres, b -> b.poolSize(8).applicationName(APP));
    observer = TestDatabases.open(postgres, b -> b.poolSize(1).applicationName("observer"));
    // Connect the observer now, so that the one-second checks below time the server, not a login.
    observer.sql("select 1").rowsUpdated().block(TestDatabases.TIMEOUT);
  }

  @AfterAll
  static void tearDown() {
    db.close().block(TestDatabases.TIMEOUT);
    observer.close().block(TestDatabases.TIMEOUT);
  }

  @Test
  void cancellingASleepingStatementStopsItOnTheServerAndTheConnectionServesTheNextQuery() {
    StepVerifier.create(db.sql("select pg_sleep(30)").rowsUpdated())
        .expectSubscription()
        .expectNoEvent(Duration.ofMillis(100))
        .thenCancel()
        .verify(TestDatabases.TIMEOUT);

    long sleeping =
        TestDatabases.awaitQuery(
            () -> activeQueries("select pg_sleep(30)"), count -> count == 0, Duration.ofSeconds(1));
    assertThat(sleeping).isZero();
    StepVerifier.create(db.sql("select 42").map(Integer.class).one())
        .expectNext(42)
        .verifyComplete();
  }

  @Test
  void cancellingAStreamWaitingForItsFirstRowStopsItOnTheServer() {
    StepVerifier.create(
            db.sql("select pg_sleep(30), i from generate_series(1, 3) i").map(row -> 1).all(), 0)
        .thenRequest(1)
        .expectNoEvent(Duration.ofMillis(100))
        .thenCancel()
        .verify(TestDatabases.TIMEOUT);

    long sleeping =
        TestDatabases.awaitQuery(
            () -> activeQueries("select pg_sleep(30), i%"),
            count -> count == 0,
            Duration.ofSeconds(1));
    assertThat(sleeping).isZero();
    assertThat(TestDatabases.awaitPoolIdle(db).acquired()).isZero();
  }

  /**
   * Streams cancelled mid-stream, eight at a time: 200 in the suite, each take size from 1 to 40
   * five times; {@code -Dsluice.db.cancelledStreams=1000} for the full-size check.
   */
  static final int STREAMS = Integer.getInteger("sluice.db.cancelledStreams", 200);

  @Test
  void manyStreamsCancelledMidStreamLeaveEveryPoolConnectionIdle() {
    // Each stream takes at most 40 of 1,000 rows and fetches at most 40: cancelled mid-stream.
    Flux<Integer> cancelled =
        Flux.range(0, STREAMS)
            .flatMap(
                i ->
                    db.sql("select i from generate_series(1, 1000) i")
                        .map(row -> row.get(0, Integer.class))
                        .all()
                        .take(1 + i % 40),
                8);
    StepVerifier.create(cancelled.count())
        .expectNext(STREAMS / 40L * (40 * 41 / 2))
        .expectComplete()
        .verify(Duration.ofMinutes(2));

    PoolStats stats = TestDatabases.awaitPoolIdle(db);
    assertThat(stats.acquired()).isZero();
    List<String> states =
        observer
            .sql(
                "select state from pg_stat_activity where application_name = $1"
                    + " and datname = current_database()")
            .bind(APP)
            .map(String.class)
            .all()
            .collectList()
            .block(TestDatabases.TIMEOUT);
    assertThat(states).isNotEmpty().hasSizeLessThanOrEqualTo(8).containsOnly("idle");
    StepVerifier.create(db.sql("select count(*) from generate_series(1, 10)").map(Long.class).one())
        .expectNext(10L)
        .verifyComplete();
  }

  private static Mono<Long> activeQueries(String pattern) {
    return observer
        .sql(
            "select count(*) from pg_stat_activity where state = 'active' and query like $1"
                + " and datname = current_database()")
        .bind(pattern)
        .map(Long.class)
        .one();
  }
}
