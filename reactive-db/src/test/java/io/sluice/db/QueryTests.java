package io.sluice.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.r2dbc.spi.Parameters;
import io.sluice.test.postgres.PostgresDatabase;
import io.sluice.test.postgres.PostgresTest;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

@PostgresTest
class QueryTests {

  static Database db;

  record Item(long id, String name, OffsetDateTime createdAt, Integer quantity) {}

  @BeforeAll
  static void setUp(PostgresDatabase postgres) {
    db = TestDatabases.open(postgres, b -> b.poolSize(4));
    db.sql(
            "create table items (id bigint primary key, name text not null unique,"
                + " created_at timestamptz not null default now(), quantity int);"
                + " insert into items (id, name, quantity) values (1, 'one', 10), (2, 'two', null),"
                + " (3, 'three', 30);"
                + " create sequence produced")
        .rowsUpdated()
        .block(TestDatabases.TIMEOUT);
  }

  @AfterAll
  static void tearDown() {
    db.close().block(TestDatabases.TIMEOUT);
  }

  @Test
  void bindsPositionalValuesAndMapsRowsToRecords() {
    StepVerifier.create(
            db.sql("select * from items where id >= $1 and name <> $2 order by id")
                .bind(2L, "three")
                .map(Item.class)
                .all())
        .assertNext(
            item -> {
              assertThat(item.id()).isEqualTo(2L);
              assertThat(item.name()).isEqualTo("two");
              assertThat(item.quantity()).isNull();
              assertThat(item.createdAt()).isNotNull();
            })
        .verifyComplete();
  }

  @Test
  void mapsTheFirstColumnToAScalarType() {
    StepVerifier.create(db.sql("select count(*) from items").map(Long.class).one())
        .expectNext(3L)
        .verifyComplete();
  }

  @Test
  void mapsRowsWithARowMapper() {
    StepVerifier.create(
            db.sql("select name from items order by id")
                .map(row -> row.get("name", String.class).toUpperCase(java.util.Locale.ROOT))
                .all()
                .collectList())
        .expectNext(List.of("ONE", "TWO", "THREE"))
        .verifyComplete();
  }

  @Test
  void oneCompletesEmptyWithoutRowsAndFailsOnASecondRow() {
    StepVerifier.create(
            db.sql("select id from items where id = $1").bind(42L).map(Long.class).one())
        .verifyComplete();
    StepVerifier.create(db.sql("select id from items").map(Long.class).one())
        .expectErrorSatisfies(
            e ->
                assertThat(e)
                    .isInstanceOf(IndexOutOfBoundsException.class)
                    .hasMessageContaining("select id from items"))
        .verify(TestDatabases.TIMEOUT);
  }

  @Test
  void firstEmitsTheFirstRowOnly() {
    StepVerifier.create(db.sql("select id from items order by id desc").map(Long.class).first())
        .expectNext(3L)
        .verifyComplete();
  }

  @Test
  void rowsUpdatedCountsTheRowsAStatementChanged() {
    StepVerifier.create(
            db.sql("update items set quantity = quantity where id in ($1, $2)")
                .bind(1L, 3L)
                .rowsUpdated())
        .expectNext(2L)
        .verifyComplete();
  }

  @Test
  void nullBindsSqlNullAndTypedNullsBindToTheirType() {
    StepVerifier.create(
            db.sql("select $1::text is null and $2::int is null")
                .bind(null, Parameters.in(Integer.class))
                .map(Boolean.class)
                .one())
        .expectNext(true)
        .verifyComplete();
  }

  @Test
  void batchRunsTheStatementOncePerElementInOneTransaction() {
    db.sql("create table batched (id int primary key)").rowsUpdated().block(TestDatabases.TIMEOUT);
    StepVerifier.create(
            db.sql("insert into batched values ($1)")
                .batch(Flux.range(1, 300).map(i -> List.of(i))))
        .expectNext(300L)
        .verifyComplete();
    StepVerifier.create(
            db.sql("insert into batched values ($1)")
                .batch(Flux.just(List.of(2001), List.of(2002), List.of(1))))
        .expectError(UniqueViolationException.class)
        .verify(TestDatabases.TIMEOUT);
    StepVerifier.create(db.sql("select count(*) from batched").map(Long.class).one())
        .expectNext(300L)
        .verifyComplete();
    StepVerifier.create(
            db.inTransaction(
                tx ->
                    tx.sql("insert into batched values ($1)")
                        .batch(Flux.just(List.of(3001), List.of(3002)))
                        .then(tx.sql("select count(*) from batched").map(Long.class).one())))
        .expectNext(302L)
        .verifyComplete();
  }

  @Test
  void requestingTenRowsOfAMillionMakesTheServerProduceOneFetchBatch() {
    AtomicInteger decoded = new AtomicInteger();
    Flux<Long> rows =
        db.sql("select i, nextval('produced') from generate_series(1, 1000000) i")
            .map(
                row -> {
                  decoded.incrementAndGet();
                  return row.get(0, Long.class);
                })
            .all();

    StepVerifier.create(rows, 0)
        .thenRequest(10)
        .expectNextCount(10)
        .thenCancel()
        .verify(TestDatabases.TIMEOUT);
    TestDatabases.awaitPoolIdle(db);

    long produced =
        db.sql("select last_value from produced")
            .map(Long.class)
            .one()
            .block(TestDatabases.TIMEOUT);
    int fetchSize = db.options().minFetchSize();
    assertThat(decoded.get()).isEqualTo(10);
    assertThat(produced).isBetween(10L, 2L * fetchSize);
  }

  @Test
  void theServerNeverRunsMoreThanTwoFetchesAheadOfTheSubscriber() {
    db.sql("create sequence demand_follow").rowsUpdated().block(TestDatabases.TIMEOUT);
    Flux<Long> rows =
        db.sql("select nextval('demand_follow') from generate_series(1, 1000000)")
            .map(Long.class)
            .all();

    StepVerifier.create(rows, 0)
        .thenRequest(300)
        .expectNextCount(300)
        .then(() -> assertThat(lastValue("demand_follow")).isBetween(300L, 900L))
        .thenRequest(300)
        .expectNextCount(300)
        .then(() -> assertThat(lastValue("demand_follow")).isBetween(600L, 1200L))
        .thenCancel()
        .verify(TestDatabases.TIMEOUT);
    TestDatabases.awaitPoolIdle(db);
    assertThat(lastValue("demand_follow")).isBetween(600L, 1200L);
  }

  @Test
  void aStreamOfAllRowsCompletesAndFreesItsConnection() {
    StepVerifier.create(
            db.sql("select i from generate_series(1, 5000) i").map(Integer.class).all().count())
        .expectNext(5000L)
        .verifyComplete();
    assertThat(TestDatabases.awaitPoolIdle(db).acquired()).isZero();
  }

  @Test
  void everySubscriptionRunsTheQueryAgain() {
    db.sql("create sequence resubscribed").rowsUpdated().block(TestDatabases.TIMEOUT);
    var next = db.sql("select nextval('resubscribed')").map(Long.class).one();
    StepVerifier.create(next).expectNext(1L).verifyComplete();
    StepVerifier.create(next).expectNext(2L).verifyComplete();
  }

  @Test
  void bindingTheWrongNumberOfValuesFailsAtAssembly() {
    Query query = db.sql("select * from items where id = $1 and name = $2");
    assertThatThrownBy(() -> query.bind(1L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 parameters ($1..$2) but 1 value was bound");
    assertThatThrownBy(() -> query.map(Item.class).all())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("but 0 values were bound");
  }

  @Test
  void placeholdersInsideLiteralsAndCommentsAreNotParameters() {
    StepVerifier.create(
            db.sql("select '$1' || $1 -- $2\n /* $3 */ || $$ $4 $$")
                .bind("x")
                .map(String.class)
                .one())
        .expectNext("$1x $4 ")
        .verifyComplete();
  }

  private static long lastValue(String sequence) {
    return db.sql("select last_value from " + sequence)
        .map(Long.class)
        .one()
        .block(TestDatabases.TIMEOUT);
  }
}
