package io.sluice.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.test.postgres.PostgresDatabase;
import io.sluice.test.postgres.PostgresTest;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

@PostgresTest
class SharedConnectionsTests {

  static final String PID = "select pg_backend_pid()";

  record Backends(int transaction, Set<Integer> shared) {}

  static Database db;
  static Database observer;

  @BeforeAll
  static void setUp(PostgresDatabase postgres) {
    db = TestDatabases.open(postgres, b -> b.poolSize(4).sharedConnections(2));
    observer = TestDatabases.open(postgres, b -> b.poolSize(1).applicationName("observer"));
  }

  @AfterAll
  static void tearDown() {
    db.close().block(TestDatabases.TIMEOUT);
    observer.close().block(TestDatabases.TIMEOUT);
  }

  @Test
  void concurrentLookupsRunOnTheSharedConnectionsOnly() {
    List<Integer> echoed =
        Flux.range(1, 500)
            .flatMap(i -> db.sql("select $1::int").bind(i).map(Integer.class).one(), 64)
            .collectList()
            .block(TestDatabases.TIMEOUT);
    Set<Integer> backends =
        Flux.range(0, 50)
            .flatMap(i -> db.sql(PID).map(Integer.class).one(), 16)
            .collect(Collectors.toSet())
            .block(TestDatabases.TIMEOUT);

    assertThat(echoed).hasSize(500).containsAll(List.of(1, 250, 500)).doesNotHaveDuplicates();
    assertThat(backends).hasSize(2);
    assertThat(db.poolStats().acquired()).isEqualTo(2);
  }

  @Test
  void streamsAndTransactionsStillBorrowConnectionsOfTheirOwn() {
    // Lookups made while the transaction holds its connection run on the two shared ones.
    Backends backends =
        db.inTransaction(
                tx ->
                    tx.sql(PID)
                        .map(Integer.class)
                        .one()
                        .flatMap(
                            own ->
                                Flux.range(0, 10)
                                    .concatMap(i -> db.sql(PID).map(Integer.class).one())
                                    .collect(Collectors.toSet())
                                    .map(shared -> new Backends(own, shared))))
            .single()
            .block(TestDatabases.TIMEOUT);

    assertThat(backends).isNotNull();
    assertThat(backends.shared()).hasSize(2).doesNotContain(backends.transaction());
    StepVerifier.create(db.sql("select generate_series(1, 3)").map(Integer.class).all())
        .expectNext(1, 2, 3)
        .expectComplete()
        .verify(TestDatabases.TIMEOUT);
  }

  @Test
  void aFailingStatementFailsAloneAndItsConnectionServesTheNextOnes() {
    Mono<Long> failing = db.sql("select * from no_such_table").rowsUpdated();
    Flux<Integer> fine =
        Flux.range(1, 20).flatMap(i -> db.sql("select $1::int").bind(i).map(Integer.class).one());

    StepVerifier.create(failing).expectError(BadSqlException.class).verify(TestDatabases.TIMEOUT);
    StepVerifier.create(fine.count())
        .expectNext(20L)
        .expectComplete()
        .verify(TestDatabases.TIMEOUT);
    assertThat(db.poolStats().acquired()).isEqualTo(2);
  }

  @Test
  void aSharedConnectionThatDiesIsReplacedOnItsNextUse(PostgresDatabase postgres) {
    Database single = TestDatabases.open(postgres, b -> b.poolSize(2).sharedConnections(1));
    try {
      Integer first = single.sql(PID).map(Integer.class).one().block(TestDatabases.TIMEOUT);
      assertThat(first).isNotNull();
      assertThat(
              observer
                  .sql("select pg_terminate_backend($1)")
                  .bind(first)
                  .map(Boolean.class)
                  .one()
                  .block(TestDatabases.TIMEOUT))
          .isTrue();

      Integer replacement =
          TestDatabases.awaitQuery(
              () -> single.sql(PID).map(Integer.class).one().onErrorResume(e -> Mono.empty()),
              pid -> !pid.equals(first),
              Duration.ofSeconds(10));

      assertThat(replacement).isNotEqualTo(first);
      assertThat(single.poolStats().acquired()).isEqualTo(1);
    } finally {
      single.close().block(TestDatabases.TIMEOUT);
    }
  }

  @Test
  void oneOnAResultOfManyRowsFailsWithoutHoldingUpTheSharedConnection() {
    StepVerifier.create(db.sql("select generate_series(1, 10000)").map(Integer.class).one())
        .expectError(IndexOutOfBoundsException.class)
        .verify(TestDatabases.TIMEOUT);
    StepVerifier.create(
            Flux.range(1, 10)
                .flatMap(i -> db.sql("select $1::int").bind(i).map(Integer.class).one())
                .count())
        .expectNext(10L)
        .expectComplete()
        .verify(TestDatabases.TIMEOUT);
  }

  @Test
  void aCancelledSharedLookupLeavesItsConnectionToTheOthers() {
    StepVerifier.create(db.sql("select pg_sleep(0.2)::text").map(String.class).one())
        .expectSubscription()
        .expectNoEvent(Duration.ofMillis(50))
        .thenCancel()
        .verify(TestDatabases.TIMEOUT);

    StepVerifier.create(
            Flux.range(1, 10)
                .flatMap(i -> db.sql("select $1::int").bind(i).map(Integer.class).one())
                .count())
        .expectNext(10L)
        .expectComplete()
        .verify(TestDatabases.TIMEOUT);
  }

  @Test
  void closingGivesTheSharedConnectionsBack(PostgresDatabase postgres) {
    Database closing = TestDatabases.open(postgres, b -> b.poolSize(3).sharedConnections(2));
    Flux.range(0, 10)
        .flatMap(i -> closing.sql("select 1").map(Integer.class).one())
        .blockLast(TestDatabases.TIMEOUT);
    assertThat(closing.poolStats().acquired()).isEqualTo(2);

    closing.close().block(TestDatabases.TIMEOUT);

    assertThat(closing.poolStats().acquired()).isZero();
  }

  @Test
  void sharedConnectionsMustLeaveTheRestOfThePoolAtLeastOne() {
    assertThatThrownBy(() -> DatabaseOptions.builder().poolSize(2).sharedConnections(2).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("sharedConnections must be < poolSize")
        .hasMessageEndingWith("was 2 >= 2");
    assertThatThrownBy(() -> DatabaseOptions.builder().sharedConnections(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sharedConnections must be >= 0, was -1");
    assertThat(DatabaseOptions.builder().build().sharedConnections()).isZero();
  }
}
