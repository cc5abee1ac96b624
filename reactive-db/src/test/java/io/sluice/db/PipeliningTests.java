package io.sluice.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.Parameters;
import io.r2dbc.spi.R2dbcType;
import io.sluice.test.faults.FaultProxy;
import io.sluice.test.postgres.PostgresDatabase;
import io.sluice.test.postgres.PostgresTest;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

@PostgresTest
class PipeliningTests {

  /** Statements of this test's own prepared on the session that runs it. */
  static final String PREPARED =
      "select count(*) from pg_prepared_statements where name like 'sluice\\_%' and statement = $1";

  record Item(int id, String name, OffsetDateTime createdAt, UUID ref) {}

  record Stamp(int n, OffsetDateTime started) {}

  static Database db;

  @BeforeAll
  static void setUp(PostgresDatabase postgres) {
    db = TestDatabases.open(postgres, b -> b.poolSize(3).sharedConnections(1));
    db.sql(
            "create table items (id int primary key, name text not null, created_at timestamptz"
                + " not null, ref uuid not null)")
        .rowsUpdated()
        .block(TestDatabases.TIMEOUT);
  }

  @AfterAll
  static void tearDown() {
    db.close().block(TestDatabases.TIMEOUT);
  }

  @Test
  void valuesOfEveryCommonTypeAndNullsRoundTrip() {
    UUID uuid = UUID.randomUUID();
    OffsetDateTime at = OffsetDateTime.of(2026, 11, 26, 17, 0, 0, 123_000_000, ZoneOffset.UTC);
    List<Object> row =
        db.sql(
                "select $1::int, $2::bigint, $3::text, $4::numeric, $5::bool, $6::uuid,"
                    + " $7::timestamptz, $8::date, $9::bytea, $10::text, $11::int")
            .bind(
                42,
                1L << 40,
                "héllo",
                new BigDecimal("12.345"),
                true,
                uuid,
                at,
                LocalDate.of(2026, 2, 28),
                java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}),
                null,
                Parameters.in(R2dbcType.INTEGER))
            .map(
                r -> {
                  List<Object> values = new ArrayList<>();
                  values.add(r.get(0, Integer.class));
                  values.add(r.get(1, Long.class));
                  values.add(r.get(2, String.class));
                  values.add(r.get(3, BigDecimal.class));
                  values.add(r.get(4, Boolean.class));
                  values.add(r.get(5, UUID.class));
                  values.add(r.get(6, OffsetDateTime.class).toInstant());
                  values.add(r.get(7, LocalDate.class));
                  values.add(r.get(8, java.nio.ByteBuffer.class));
                  values.add(String.valueOf(r.get(9, String.class)));
                  values.add(String.valueOf(r.get(10, Integer.class)));
                  return values;
                })
            .one()
            .block(TestDatabases.TIMEOUT);

    assertThat(row)
        .containsExactly(
            42,
            1L << 40,
            "héllo",
            new BigDecimal("12.345"),
            true,
            uuid,
            Instant.parse("2026-11-26T17:00:00.123Z"),
            LocalDate.of(2026, 2, 28),
            java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}),
            "null",
            "null");
  }

  @Test
  void recordsMapByColumnNameAndAnEmptyResultCompletesEmpty() {
    UUID ref = UUID.randomUUID();
    OffsetDateTime at = OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC);
    Long inserted =
        db.sql("insert into items values ($1, $2, $3, $4)")
            .bind(1, "first", at, ref)
            .rowsUpdated()
            .block(TestDatabases.TIMEOUT);

    assertThat(inserted).isEqualTo(1L);
    StepVerifier.create(db.sql("select * from items where id = $1").bind(1).map(Item.class).one())
        .assertNext(
            item -> {
              assertThat(item.name()).isEqualTo("first");
              assertThat(item.createdAt().toInstant()).isEqualTo(at.toInstant());
              assertThat(item.ref()).isEqualTo(ref);
            })
        .expectComplete()
        .verify(TestDatabases.TIMEOUT);
    StepVerifier.create(db.sql("select * from items where id = $1").bind(-1).map(Item.class).one())
        .expectComplete()
        .verify(TestDatabases.TIMEOUT);
  }

  @Test
  void serverErrorsAreTranslatedAsOnTheDriversPath() {
    db.sql("insert into items values ($1, 'x', now(), gen_random_uuid())")
        .bind(10)
        .rowsUpdated()
        .block(TestDatabases.TIMEOUT);

    StepVerifier.create(
            db.sql("insert into items values ($1, 'y', now(), gen_random_uuid())")
                .bind(10)
                .rowsUpdated())
        .expectErrorSatisfies(
            e -> {
              assertThat(e).isInstanceOf(UniqueViolationException.class);
              assertThat(((UniqueViolationException) e).serverError().constraint())
                  .isEqualTo("items_pkey");
            })
        .verify(TestDatabases.TIMEOUT);
    StepVerifier.create(
            db.sql("select id frm items where id = $1").bind(1).map(Integer.class).one())
        .expectErrorSatisfies(
            e -> {
              assertThat(e).isInstanceOf(BadSqlException.class);
              assertThat(((BadSqlException) e).position()).isEqualTo(15);
              assertThat(((BadSqlException) e).getSql())
                  .isEqualTo("select id frm items where id = $1");
            })
        .verify(TestDatabases.TIMEOUT);
    StepVerifier.create(db.sql("select 1 / $1::int").bind(0).map(Integer.class).one())
        .expectErrorSatisfies(
            e -> {
              assertThat(e).isInstanceOf(ServerErrorException.class);
              assertThat(((ServerErrorException) e).getSqlState()).isEqualTo("22012");
            })
        .verify(TestDatabases.TIMEOUT);
  }

  @Test
  void aFailingStatementAmongPipelinedOnesFailsAlone() {
    List<String> outcomes =
        Flux.range(0, 30)
            .flatMap(
                i ->
                    db.sql("select 10 / $1::int")
                        .bind(i % 10)
                        .map(Integer.class)
                        .one()
                        .map(v -> "ok")
                        .onErrorResume(ServerErrorException.class, e -> Mono.just(e.getSqlState())),
                30)
            .collectList()
            .block(TestDatabases.TIMEOUT);

    assertThat(outcomes).hasSize(30).filteredOn("22012"::equals).hasSize(3);
    assertThat(outcomes).filteredOn("ok"::equals).hasSize(27);
  }

  @Test
  void eachSqlTextIsPreparedOncePerConnection() {
    String sql = "select $1::int + 1000";
    List<Integer> values =
        Flux.range(0, 50)
            .flatMap(i -> db.sql(sql).bind(i).map(Integer.class).one(), 50)
            .collectList()
            .block(TestDatabases.TIMEOUT);

    assertThat(values).hasSize(50).contains(1000, 1049);
    // the shared connection is the only one of these lookups, so it sees its own statements
    assertThat(db.sql(PREPARED).bind(sql).map(Long.class).one().block(TestDatabases.TIMEOUT))
        .isEqualTo(1L);
  }

  @Test
  void aStatementWhosePlanWentStaleIsPreparedAgain() {
    db.sql("create table shapes (id int primary key, size int)")
        .rowsUpdated()
        .block(TestDatabases.TIMEOUT);
    db.sql("insert into shapes values ($1, $2)")
        .bind(1, 7)
        .rowsUpdated()
        .block(TestDatabases.TIMEOUT);
    String sql = "select * from shapes where id = $1";
    assertThat(
            db.sql(sql)
                .bind(1)
                .map(r -> r.get("size", Object.class))
                .one()
                .block(TestDatabases.TIMEOUT))
        .isEqualTo(7);

    // changes the result type of the prepared statement: "cached plan must not change result type"
    db.sql("alter table shapes alter column size type text")
        .rowsUpdated()
        .block(TestDatabases.TIMEOUT);

    assertThat(
            db.sql(sql)
                .bind(1)
                .map(r -> r.get("size", Object.class))
                .one()
                .block(TestDatabases.TIMEOUT))
        .isEqualTo("7");
    assertThat(db.sql(PREPARED).bind(sql).map(Long.class).one().block(TestDatabases.TIMEOUT))
        .as("the stale statement is closed")
        .isEqualTo(1L);
  }

  @Test
  void aStatementDeallocatedOnTheServerIsPreparedAgain() {
    String sql = "select $1::text || '!'";
    assertThat(db.sql(sql).bind("a").map(String.class).one().block(TestDatabases.TIMEOUT))
        .isEqualTo("a!");

    // without parameters this runs on the shared connection through the driver's own path
    db.sql("deallocate all").rowsUpdated().block(TestDatabases.TIMEOUT);

    assertThat(db.sql(sql).bind("b").map(String.class).one().block(TestDatabases.TIMEOUT))
        .isEqualTo("b!");
  }

  @Test
  void statementsAreSentWithoutWaitingForTheAnswersBeforeThem(PostgresDatabase postgres) {
    try (FaultProxy proxy = FaultProxy.start(postgres.host(), postgres.port())) {
      Database pipelined = throughProxy(postgres, proxy, true);
      Database unpipelined = throughProxy(postgres, proxy, false);
      try {
        String sql = "select $1::int as n, clock_timestamp() as started from pg_sleep(0.3)";
        // connect (and prepare) while the link is fast
        pipelined.sql(sql).bind(0).map(Stamp.class).one().block(TestDatabases.TIMEOUT);
        unpipelined.sql(sql).bind(0).map(Stamp.class).one().block(TestDatabases.TIMEOUT);
        proxy.delay(Duration.ofMillis(200));

        List<Stamp> serial =
            Flux.range(1, 4)
                .concatMap(i -> pipelined.sql(sql).bind(i).map(Stamp.class).one())
                .collectList()
                .block(TestDatabases.TIMEOUT);
        List<Stamp> concurrent =
            Flux.range(1, 4)
                .flatMap(i -> pipelined.sql(sql).bind(i).map(Stamp.class).one())
                .collectList()
                .block(TestDatabases.TIMEOUT);
        List<Stamp> driverPath =
            Flux.range(1, 4)
                .flatMap(i -> unpipelined.sql(sql).bind(i).map(Stamp.class).one())
                .collectList()
                .block(TestDatabases.TIMEOUT);

        // The server's idle time between two statements: one round trip over the delayed link
        // (about 400 ms) when each statement waits for the answer before it, about none when the
        // next statement's bytes were already there.
        long serialIdle = shortestIdle(serial);
        assertThat(serialIdle).isGreaterThan(300);
        assertThat(longestIdle(concurrent)).isLessThan(serialIdle / 2);
        assertThat(shortestIdle(driverPath))
            .as("the driver's own path waits a round trip before each statement")
            .isGreaterThan(serialIdle / 2);
      } finally {
        pipelined.close().block(TestDatabases.TIMEOUT);
        unpipelined.close().block(TestDatabases.TIMEOUT);
      }
    }
  }

  @Test
  void aCancelledPipelinedStatementIsDrainedAndTheOnesBehindItAnswered() throws Exception {
    String sql = "select $1::int as n, clock_timestamp() as started from pg_sleep(0.1)";
    Mono<Stamp> cancelled = db.sql(sql).bind(0).map(Stamp.class).one();
    Flux<Integer> behind =
        Flux.range(1, 5).flatMap(i -> db.sql(sql).bind(i).map(Stamp.class).one().map(Stamp::n));

    // all on the one shared connection: the five are written behind the first, then it is cancelled
    Disposable first = cancelled.subscribe();
    CompletableFuture<List<Integer>> rest = behind.collectList().toFuture();
    first.dispose();

    assertThat(rest.get(30, TimeUnit.SECONDS)).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
    StepVerifier.create(db.sql("select $1::int").bind(6).map(Integer.class).one())
        .expectNext(6)
        .expectComplete()
        .verify(TestDatabases.TIMEOUT);
    assertThat(db.poolStats().acquired()).isEqualTo(1);
  }

  @Test
  void withPipeliningOffSharedStatementsStillWork(PostgresDatabase postgres) {
    Database off =
        TestDatabases.open(postgres, b -> b.poolSize(2).sharedConnections(1).pipelining(false));
    try {
      List<Integer> values =
          Flux.range(1, 20)
              .flatMap(i -> off.sql("select $1::int * 2").bind(i).map(Integer.class).one())
              .collectList()
              .block(TestDatabases.TIMEOUT);
      assertThat(values).hasSize(20).contains(2, 40);
      assertThat(off.options().pipelining()).isFalse();
      assertThat(DatabaseOptions.builder().build().pipelining()).isTrue();
      assertThat(
              off.sql(PREPARED)
                  .bind("select $1::int * 2")
                  .map(Long.class)
                  .one()
                  .block(TestDatabases.TIMEOUT))
          .as("the driver prepares its statements under names of its own")
          .isZero();
    } finally {
      off.close().block(TestDatabases.TIMEOUT);
    }
  }

  private static Database throughProxy(
      PostgresDatabase postgres, FaultProxy proxy, boolean pipelining) {
    return TestDatabases.open(
        postgres,
        b ->
            b.host(proxy.host())
                .port(proxy.port())
                .poolSize(2)
                .sharedConnections(1)
                .pipelining(pipelining));
  }

  /**
   * Milliseconds the server spent between two statements: the gap between stamps less the sleep.
   */
  private static List<Long> idles(List<Stamp> stamps) {
    List<Stamp> ordered = new ArrayList<>(stamps);
    ordered.sort(Comparator.comparing(Stamp::started));
    List<Long> idles = new ArrayList<>();
    for (int i = 1; i < ordered.size(); i++) {
      Duration between =
          Duration.between(ordered.get(i - 1).started(), ordered.get(i).started()).minusMillis(300);
      idles.add(between.toMillis());
    }
    return idles;
  }

  private static long shortestIdle(List<Stamp> stamps) {
    return idles(stamps).stream().mapToLong(Long::longValue).min().orElseThrow();
  }

  private static long longestIdle(List<Stamp> stamps) {
    return idles(stamps).stream().mapToLong(Long::longValue).max().orElseThrow();
  }
}
