package io.sluice.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.test.faults.FaultProxy;
import io.sluice.test.postgres.PostgresDatabase;
import io.sluice.test.postgres.PostgresTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

@PostgresTest
class TransactionTests {

  static Database db;

  @BeforeAll
  static void setUp(PostgresDatabase postgres) {
    db = TestDatabases.open(postgres, b -> b.poolSize(3));
    db.sql("create table accounts (id int primary key, balance int not null)")
        .rowsUpdated()
        .block(TestDatabases.TIMEOUT);
  }

  @AfterAll
  static void tearDown() {
    db.close().block(TestDatabases.TIMEOUT);
  }

  @BeforeEach
  void emptyTable() {
    db.sql("truncate accounts").rowsUpdated().block(TestDatabases.TIMEOUT);
  }

  @Test
  void commitsWhenTheBodyCompletes() {
    StepVerifier.create(
            db.inTransaction(
                tx ->
                    tx.sql("insert into accounts values (1, 100)")
                        .rowsUpdated()
                        .then(tx.sql("insert into accounts values (2, 50)").rowsUpdated())))
        .expectNext(1L)
        .verifyComplete();
    assertThat(ids()).containsExactly(1, 2);
  }

  @Test
  void rollsBackWhenTheBodyFails() {
    StepVerifier.create(
            db.inTransaction(
                tx ->
                    tx.sql("insert into accounts values (1, 100)")
                        .rowsUpdated()
                        .then(Mono.error(new IllegalStateException("boom")))))
        .expectErrorMessage("boom")
        .verify(TestDatabases.TIMEOUT);
    assertThat(ids()).isEmpty();
    assertThat(TestDatabases.awaitPoolIdle(db).acquired()).isZero();
  }

  @Test
  void rollsBackWhenTheSubscriberCancels() {
    StepVerifier.create(
            db.inTransaction(
                tx ->
                    tx.sql("insert into accounts values (1, 100)")
                        .rowsUpdated()
                        .concatWith(Flux.never())))
        .expectNext(1L)
        .thenCancel()
        .verify(TestDatabases.TIMEOUT);
    TestDatabases.awaitPoolIdle(db);
    assertThat(ids()).isEmpty();
  }

  @Test
  void aTransactionCancelledWhileItsBeginIsInFlightLeavesNoOpenTransactionBehind(
      PostgresDatabase postgres) throws InterruptedException {
    // A cancel can arrive after BEGIN was sent and before its answer: the driver still believes
    // the connection idle then, and a rollback that trusts it would give the pool a connection with
    // an open transaction, in which the next borrower's statements would never commit.
    Database single = TestDatabases.open(postgres, b -> b.poolSize(1));
    try {
      for (int attempt = 0; attempt < 100; attempt++) {
        Disposable running =
            single.inTransaction(tx -> tx.sql("select pg_sleep(1)").rowsUpdated()).subscribe();
        Thread.sleep(attempt % 3);
        running.dispose();
        // Waits for the only connection to come back, and runs on it whatever it was left in.
        long t0 = System.nanoTime();
        single.sql("select 1").rowsUpdated().block(TestDatabases.TIMEOUT);
        System.out.println(
            "ATTEMPT " + attempt + " " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        List<String> leftOpen =
            db.sql(
                    "select state || ': ' || query from pg_stat_activity where datname = current_database()"
                        + " and state like 'idle in transaction%'")
                .map(String.class)
                .all()
                .collectList()
                .block(TestDatabases.TIMEOUT);
        assertThat(leftOpen)
            .as("attempt %d: connections left with an open transaction", attempt)
            .isEmpty();
      }
    } finally {
      single.close().block(TestDatabases.TIMEOUT);
    }
  }

  @Test
  void rollsBackWhenTheSubscriberCancelsWhileAStatementRuns() {
    StepVerifier.create(
            db.inTransaction(
                tx ->
                    tx.sql("insert into accounts values (1, 100)")
                        .rowsUpdated()
                        .concatWith(tx.sql("select pg_sleep(30)").rowsUpdated())))
        .expectNext(1L)
        .expectNoEvent(Duration.ofMillis(100))
        .thenCancel()
        .verify(TestDatabases.TIMEOUT);
    PoolStats stats =
        TestDatabases.await(db::poolStats, s -> s.acquired() == 0, Duration.ofSeconds(5));
    assertThat(stats.acquired()).isZero();
    assertThat(ids()).isEmpty();
  }

  @Test
  void aTransactionCancelledWhileItsBeginIsInFlightLeavesItsConnectionOutsideATransaction(
      PostgresDatabase postgres) throws InterruptedException {
    try (FaultProxy proxy = FaultProxy.start(postgres.host(), postgres.port())) {
      Database slow =
          Database.create(
              DatabaseOptions.fromUrl(
                      postgres
                          .r2dbcUrl()
                          .replace(
                              "@" + postgres.host() + ":" + postgres.port() + "/",
                              "@" + proxy.host() + ":" + proxy.port() + "/"))
                  .poolSize(1)
                  .build());
      try {
        slow.sql("select 1").map(Integer.class).one().block(TestDatabases.TIMEOUT);
        proxy.delay(Duration.ofMillis(300));
        Disposable transaction =
            slow.inTransaction(tx -> tx.sql("insert into accounts values (1, 100)").rowsUpdated())
                .subscribe();
        TestDatabases.await(slow::poolStats, s -> s.acquired() > 0, Duration.ofSeconds(5));
        // BEGIN is on its way and its answer is held back: cancel now.
        Thread.sleep(100);
        transaction.dispose();
        TestDatabases.awaitPoolIdle(slow);
        proxy.pass();
        // On the same (only) connection, a statement outside a transaction commits at once.
        slow.sql("insert into accounts values (2, 50)").rowsUpdated().block(TestDatabases.TIMEOUT);
        assertThat(ids()).as("rows committed, as seen from another connection").containsExactly(2);
      } finally {
        slow.close().block(TestDatabases.TIMEOUT);
      }
    }
  }

  @Test
  void aFailedSavepointRollsBackOnlyItsOwnWork() {
    StepVerifier.create(
            db.inTransaction(
                tx ->
                    tx.sql("insert into accounts values (1, 100)")
                        .rowsUpdated()
                        .thenMany(
                            tx.inTransaction(
                                    inner ->
                                        inner
                                            .sql("insert into accounts values (2, 0)")
                                            .rowsUpdated()
                                            .then(
                                                inner
                                                    .sql("insert into accounts values (1, 0)")
                                                    .rowsUpdated()))
                                .onErrorResume(UniqueViolationException.class, e -> Mono.empty()))
                        .thenMany(tx.sql("insert into accounts values (3, 30)").rowsUpdated())))
        .expectNext(1L)
        .verifyComplete();
    assertThat(ids()).containsExactly(1, 3);
  }

  @Test
  void appliesTheIsolationLevelAndReadOnlyMode() {
    StepVerifier.create(
            db.inTransaction(
                TransactionOptions.serializable().asReadOnly(),
                tx ->
                    tx.sql(
                            "select current_setting('transaction_isolation') || ' '"
                                + " || current_setting('transaction_read_only')")
                        .map(String.class)
                        .one()))
        .expectNext("serializable on")
        .verifyComplete();
    StepVerifier.create(
            db.inTransaction(
                TransactionOptions.DEFAULT.asReadOnly(),
                tx -> tx.sql("insert into accounts values (9, 9)").rowsUpdated()))
        .expectErrorSatisfies(
            e ->
                assertThat(e)
                    .isInstanceOf(ServerErrorException.class)
                    .hasMessageContaining("read-only transaction"))
        .verify(TestDatabases.TIMEOUT);
  }

  @Test
  void transientFailuresAreRetriedByResubscribing() {
    db.sql("create sequence if not exists attempts").rowsUpdated().block(TestDatabases.TIMEOUT);
    Flux<Long> transfer =
        db.inTransaction(
            TransactionOptions.serializable(),
            tx ->
                tx.sql(
                        "do $$ begin if nextval('attempts') < 3 then raise exception 'conflict'"
                            + " using errcode = 'serialization_failure'; end if; end $$")
                    .rowsUpdated()
                    .then(tx.sql("insert into accounts values (7, 70)").rowsUpdated()));
    StepVerifier.create(
            transfer.retryWhen(TransientDatabaseException.retry(5, Duration.ofMillis(5))))
        .expectNext(1L)
        .verifyComplete();
    assertThat(ids()).containsExactly(7);
    StepVerifier.create(
            db.sql(
                    "do $$ begin raise exception 'cycle' using errcode = 'deadlock_detected'; end $$")
                .rowsUpdated())
        .expectError(DeadlockDetectedException.class)
        .verify(TestDatabases.TIMEOUT);
  }

  @Test
  void aTransactionCannotBeUsedAfterItEnded() {
    Transaction leaked = db.inTransaction(Mono::just).blockFirst(TestDatabases.TIMEOUT);
    StepVerifier.create(leaked.sql("select 1").rowsUpdated())
        .expectErrorSatisfies(
            e ->
                assertThat(e)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("The transaction has ended"))
        .verify(TestDatabases.TIMEOUT);
  }

  private static List<Integer> ids() {
    return db.sql("select id from accounts order by id")
        .map(Integer.class)
        .all()
        .collectList()
        .block(TestDatabases.TIMEOUT);
  }
}
