package io.sluice.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.test.postgres.PostgresDatabase;
import io.sluice.test.postgres.PostgresTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

@PostgresTest
class KeysetQueryTests {

  /**
   * Rows in the table each of the ten slow readers reads whole: 5,000 in the suite (ten pages
   * each), {@code -Dsluice.db.keysetRows=100000} for the full-size acceptance run. At least 5,000.
   */
  static final int ROWS = Math.max(5_000, Integer.getInteger("sluice.db.keysetRows", 5_000));

  static Database db;

  @BeforeAll
  static void setUp(PostgresDatabase postgres) {
    db = TestDatabases.open(postgres, b -> b.poolSize(2).applicationName("sluice-keyset-tests"));
    db.sql(
            "create table readings (id bigint primary key, station int not null, value int);"
                + " insert into readings select i, i % 10, i * 2 from generate_series(1, "
                + ROWS
                + ") i; analyze readings;"
                + " create table events (id int primary key);"
                + " insert into events select generate_series(10, 100, 10)")
        .rowsUpdated()
        .block(TestDatabases.TIMEOUT);
  }

  @AfterAll
  static void tearDown() {
    db.close().block(TestDatabases.TIMEOUT);
  }

  @Test
  void streamsEveryRowInKeyOrderWithTheQuerysOwnBoundValues() {
    Flux<Long> ids =
        db.sql("select id, value from readings where station = $1 and id <= $2")
            .bind(3, 5_000L)
            .map(row -> row.get("id", Long.class))
            .keyset("id", Long.class)
            .pageSize(150)
            .all();

    List<Long> received = ids.collectList().block(TestDatabases.TIMEOUT);

    assertThat(received).hasSize(500).isSorted().doesNotHaveDuplicates();
    assertThat(received).allMatch(id -> id % 10 == 3);
    assertThat(TestDatabases.awaitPoolIdle(db).acquired()).isZero();
  }

  @Test
  void aPageIsFetchedOnlyWhenTheSubscriberRequestsPastTheRowsAlreadyFetched() {
    AtomicInteger decoded = new AtomicInteger();
    Flux<Long> ids =
        db.sql("select id from readings")
            .map(
                row -> {
                  decoded.incrementAndGet();
                  return row.get(0, Long.class);
                })
            .keyset("id", Long.class)
            .pageSize(100)
            .all();

    StepVerifier.create(ids, 0)
        .then(() -> assertThat(decoded).hasValue(0))
        .thenRequest(150)
        .expectNextCount(150)
        .then(() -> assertPagesFetchedAndPoolIdle(decoded, 2))
        .thenRequest(50)
        .expectNextCount(50)
        .then(() -> assertPagesFetchedAndPoolIdle(decoded, 2))
        .thenRequest(1)
        .expectNext(201L)
        .then(() -> assertPagesFetchedAndPoolIdle(decoded, 3))
        .thenCancel()
        .verify(TestDatabases.TIMEOUT);
    assertThat(decoded).hasValue(300);
  }

  @Test
  void cancellingWhileAPageIsFetchedStopsItOnTheServerAndReturnsTheConnection() {
    Flux<Integer> sleeping =
        db.sql("select i as id from generate_series(1, 3) i where pg_sleep(30) is not null")
            .map(Integer.class)
            .keyset("id", Integer.class)
            .all();

    StepVerifier.create(sleeping, 0)
        .thenRequest(1)
        .then(
            () ->
                TestDatabases.awaitQuery(() -> activeSleeps(), n -> n == 1, Duration.ofSeconds(10)))
        .thenCancel()
        .verify(TestDatabases.TIMEOUT);

    assertThat(TestDatabases.awaitQuery(() -> activeSleeps(), n -> n == 0, Duration.ofSeconds(5)))
        .isZero();
    assertThat(TestDatabases.awaitPoolIdle(db).acquired()).isZero();
  }

  @Test
  void resumesAfterTheLastKeySeen() {
    MappedQuery<Long> query =
        db.sql("select id from readings where id <= $1").bind(1000L).map(Long.class);
    List<Long> head =
        query
            .keyset("id", Long.class)
            .pageSize(100)
            .all()
            .take(250)
            .collectList()
            .block(TestDatabases.TIMEOUT);
    long last = head.get(head.size() - 1);

    List<Long> rest =
        query
            .keyset("id", Long.class)
            .pageSize(100)
            .startAfter(last)
            .all()
            .collectList()
            .block(TestDatabases.TIMEOUT);

    assertThat(last).isEqualTo(250L);
    assertThat(rest).hasSize(750).startsWith(251L, 252L).endsWith(1000L).isSorted();
  }

  @Test
  void rowsInsertedBetweenPagesAppearIfTheirKeyIsBeyondTheLastKeyRead() {
    Flux<Integer> events =
        db.sql("select id from events")
            .map(Integer.class)
            .keyset("id", Integer.class)
            .pageSize(5)
            .all();

    StepVerifier.create(events, 0)
        .thenRequest(5)
        .expectNext(10, 20, 30, 40, 50)
        .then(
            () ->
                db.sql("insert into events values (5), (55), (110)")
                    .rowsUpdated()
                    .block(TestDatabases.TIMEOUT))
        .thenRequest(Long.MAX_VALUE)
        .expectNext(55, 60, 70, 80, 90, 100, 110)
        .verifyComplete();
  }

  @Test
  void anEmptyResultCompletesWithoutRows() {
    StepVerifier.create(
            db.sql("select id from readings where id < $1")
                .bind(0L)
                .map(Long.class)
                .keyset("id", Long.class)
                .all())
        .verifyComplete();
    assertThat(TestDatabases.awaitPoolIdle(db).acquired()).isZero();
  }

  @Test
  void aResultThatFillsItsLastPageCompletesAfterAnEmptyPage() {
    StepVerifier.create(
            db.sql("select id from readings where id <= 200")
                .map(Long.class)
                .keyset("id", Long.class)
                .pageSize(100)
                .all()
                .count())
        .expectNext(200L)
        .verifyComplete();
  }

  @Test
  void aNullKeyFailsTheStreamNamingTheColumn() {
    StepVerifier.create(
            db.sql("select * from (values (1), (null), (3)) as t(k)")
                .map(row -> 0)
                .keyset("k", Integer.class)
                .all())
        .expectErrorSatisfies(
            e ->
                assertThat(e)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Keyset column 'k' is NULL")
                    .hasMessageContaining("must be NOT NULL"))
        .verify(TestDatabases.TIMEOUT);
    assertThat(TestDatabases.awaitPoolIdle(db).acquired()).isZero();
  }

  @Test
  void invalidKeysetSettingsFailAtAssembly() {
    MappedQuery<Long> query = db.sql("select id from readings").map(Long.class);
    assertThatThrownBy(() -> query.keyset("id", Long.class).startAfter(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("startAfter key must not be null");
    assertThatThrownBy(() -> query.keyset(" ", Long.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("keyColumn must not be blank");
    assertThatThrownBy(() -> query.keyset("id", Long.class).pageSize(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pageSize must be between 1 and 100000, was 0");
  }

  @Test
  void aKeyColumnTheQueryDoesNotReturnIsABadSqlException() {
    StepVerifier.create(
            db.sql("select value from readings").map(Integer.class).keyset("id", Long.class).all())
        .expectErrorSatisfies(
            e ->
                assertThat(e)
                    .isInstanceOf(BadSqlException.class)
                    .hasMessageContaining("column \"id\" does not exist"))
        .verify(TestDatabases.TIMEOUT);
  }

  @Test
  void pagesOfAKeysetQueryInATransactionRunOnItsConnection() {
    StepVerifier.create(
            db.inTransaction(
                tx ->
                    tx.sql("select id, pg_backend_pid() as pid from readings where id <= 95")
                        .map(row -> row.get("pid", Integer.class))
                        .keyset("id", Long.class)
                        .pageSize(10)
                        .all()
                        .distinct()
                        .count()))
        .expectNext(1L)
        .verifyComplete();
  }

  /**
   * The acceptance check of streams that do not hog connections: with a pool of 2, ten subscribers
   * reading {@link #ROWS} rows each at their own slow pace all advance together, and a fast query
   * issued while all ten are open is served before any of them finishes.
   */
  @Test
  void tenSlowSubscribersShareAPoolOfTwoAndAFastQueryIsServedWhileAllAreOpen() {
    int pageSize = 500;
    Queue<String> finished = new ConcurrentLinkedQueue<>();
    List<SlowReader> readers = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      SlowReader reader = new SlowReader("reader " + i, finished);
      readers.add(reader);
      db.sql("select id from readings")
          .map(Long.class)
          .keyset("id", Long.class)
          .pageSize(pageSize)
          .all()
          .subscribe(reader);
    }

    readers.forEach(reader -> reader.request(1));
    awaitAllReceived(readers, 1);
    assertThat(finished).isEmpty();
    // Ten open streams, each holding a page, and not one connection between them.
    assertThat(TestDatabases.awaitPoolIdle(db).acquired()).isZero();

    Long count =
        db.sql("select count(*) from readings")
            .map(Long.class)
            .one()
            .doOnSuccess(n -> finished.add("fast query"))
            .block(TestDatabases.TIMEOUT);
    assertThat(count).isEqualTo(ROWS);
    assertThat(finished).containsExactly("fast query");

    // Each round, every reader takes one more page: they progress in lockstep on two connections.
    for (long target = 1L + pageSize; target < (long) ROWS + pageSize; target += pageSize) {
      readers.forEach(reader -> reader.request(pageSize));
      awaitAllReceived(readers, Math.min(target, ROWS));
    }

    TestDatabases.await(() -> finished.size(), n -> n == 11, TestDatabases.TIMEOUT);
    assertThat(finished.peek()).isEqualTo("fast query");
    for (SlowReader reader : readers) {
      assertThat(reader.received).hasValue(ROWS);
      assertThat(reader.outOfOrder).hasValue(0);
      assertThat(reader.error).isNull();
    }
    assertThat(TestDatabases.awaitPoolIdle(db).maxSize()).isEqualTo(2);
  }

  /** Requests only what the test asks it to, checks key order, and records its completion. */
  static final class SlowReader extends BaseSubscriber<Long> {

    final String name;
    final Queue<String> finished;
    final AtomicLong received = new AtomicLong();
    final AtomicLong outOfOrder = new AtomicLong();
    volatile long last;
    volatile Throwable error;

    SlowReader(String name, Queue<String> finished) {
      this.name = name;
      this.finished = finished;
    }

    @Override
    protected void hookOnSubscribe(Subscription subscription) {
      // Nothing until the test asks.
    }

    @Override
    protected void hookOnNext(Long id) {
      if (id <= last) {
        outOfOrder.incrementAndGet();
      }
      last = id;
      received.incrementAndGet();
    }

    @Override
    protected void hookOnComplete() {
      finished.add(name);
    }

    @Override
    protected void hookOnError(Throwable throwable) {
      error = throwable;
      finished.add(name + " failed");
    }
  }

  private static void awaitAllReceived(List<SlowReader> readers, long rows) {
    TestDatabases.await(
        () -> readers.stream().allMatch(r -> r.received.get() >= rows || r.error != null),
        all -> all,
        TestDatabases.TIMEOUT);
    for (SlowReader reader : readers) {
      assertThat(reader.error).as(reader.name).isNull();
      assertThat(reader.received).as(reader.name).hasValue(rows);
    }
  }

  private static void assertPagesFetchedAndPoolIdle(AtomicInteger decoded, int pages) {
    assertThat(decoded).hasValue(pages * 100);
    assertThat(TestDatabases.awaitPoolIdle(db).acquired()).isZero();
  }

  private static Mono<Long> activeSleeps() {
    return db.sql(
            "select count(*) from pg_stat_activity where state = 'active'"
                + " and query like '%pg_sleep(30) is not null%' and pid <> pg_backend_pid()"
                + " and datname = current_database()")
        .map(Long.class)
        .one();
  }
}
