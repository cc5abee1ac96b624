package io.sluice.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.test.postgres.PostgresDatabase;
import io.sluice.test.postgres.PostgresTest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

@PostgresTest
class CopyTests {

  /**
   * Rows copied in and out: 20,000 in the suite, already 1,000 chunks, far more than the 64 the
   * connection may ask ahead. {@code -Dsluice.db.copyRows=1000000} runs the full-size check.
   */
  static final int ROWS = Integer.getInteger("sluice.db.copyRows", 20_000);

  static final int ROWS_PER_CHUNK = Math.max(1, ROWS / 1000);

  /** A guard against a hung COPY, generous enough for the full size on a loaded machine. */
  static final Duration COPY_TIMEOUT = Duration.ofMinutes(10);

  static Database db;

  @BeforeAll
  static void setUp(PostgresDatabase postgres) {
    db = TestDatabases.open(postgres, b -> b.poolSize(3).applicationName("sluice-copy-tests"));
    db.sql(
            "create table readings (id int primary key, station text not null);"
                + " create table small (id int primary key, note text)")
        .rowsUpdated()
        .block(TestDatabases.TIMEOUT);
  }

  @AfterAll
  static void tearDown() {
    db.close().block(TestDatabases.TIMEOUT);
  }

  @Test
  void copiesManyRowsInAndOutAskingTheProducerOnlyForWhatTheConnectionTakes() {
    AtomicLong requested = new AtomicLong();
    AtomicLong produced = new AtomicLong();
    AtomicLong maxAhead = new AtomicLong();
    Flux<ByteBuffer> chunks =
        Flux.range(0, ROWS / ROWS_PER_CHUNK)
            .map(CopyTests::chunk)
            .doOnRequest(
                n -> {
                  long total = requested.addAndGet(n);
                  maxAhead.accumulateAndGet(total - produced.get(), Math::max);
                })
            .doOnNext(chunk -> produced.incrementAndGet());

    StepVerifier.create(db.copyIn("copy readings (id, station) from stdin", chunks))
        .expectNext((long) ROWS)
        .expectComplete()
        .verify(COPY_TIMEOUT);
    assertThat(produced.get()).isEqualTo(ROWS / ROWS_PER_CHUNK);
    assertThat(maxAhead.get()).isLessThanOrEqualTo(64);

    AtomicLong bytes = new AtomicLong();
    StepVerifier.create(
            db.copyOut("copy readings to stdout")
                .doOnNext(chunk -> bytes.addAndGet(chunk.remaining()))
                .count())
        .expectNext((long) ROWS)
        .expectComplete()
        .verify(COPY_TIMEOUT);
    long expectedBytes =
        db.sql("select sum(length(id::text) + length(station) + 2) from readings")
            .map(Long.class)
            .one()
            .block(TestDatabases.TIMEOUT);
    assertThat(bytes.get()).isEqualTo(expectedBytes);
  }

  @Test
  void copyOutChunksAreOwnedHeapBuffersHoldingOneRowEach() {
    db.sql("insert into small values (1, 'a b'), (2, null)")
        .rowsUpdated()
        .block(TestDatabases.TIMEOUT);
    StepVerifier.create(
            db.copyOut("copy (select * from small order by id) to stdout with (format csv)"))
        .assertNext(chunk -> assertThat(text(chunk)).isEqualTo("1,a b\n"))
        .assertNext(chunk -> assertThat(chunk.hasArray()).isTrue())
        .verifyComplete();
  }

  @Test
  void aMalformedRowFailsTheCopyWithTheServersMessageAndCopiesNothing() {
    Flux<ByteBuffer> data =
        Flux.just("10\tok\n11\tok\n", "twelve\tbad\n", "13\tok\n").map(CopyTests::bytes);
    StepVerifier.create(db.copyIn("copy small from stdin", data))
        .expectErrorSatisfies(
            e -> {
              assertThat(e).isInstanceOf(ServerErrorException.class);
              ServerError error = ((ServerErrorException) e).serverError();
              assertThat(error.message())
                  .contains("invalid input syntax for type integer: \"twelve\"");
              assertThat(error.where()).contains("line 3");
            })
        .verify(TestDatabases.TIMEOUT);
    assertThat(count("small where id >= 10")).isZero();
  }

  @Test
  void aFailingProducerAbortsTheCopyWithItsOwnError() {
    Flux<ByteBuffer> data =
        Flux.just(bytes("20\tok\n"))
            .concatWith(Mono.error(new IllegalStateException("source broke")));
    StepVerifier.create(db.copyIn("copy small from stdin", data))
        .expectErrorMessage("source broke")
        .verify(TestDatabases.TIMEOUT);
    assertThat(count("small where id >= 20")).isZero();
    assertThat(TestDatabases.awaitPoolIdle(db).acquired()).isZero();
  }

  @Test
  void cancellingACopyOutStopsItOnTheServer() {
    StepVerifier.create(
            db.copyOut("copy (select i from generate_series(1, 5000000) i) to stdout"), 0)
        .thenRequest(10)
        .expectNextCount(10)
        .thenCancel()
        .verify(TestDatabases.TIMEOUT);
    assertThat(TestDatabases.awaitPoolIdle(db).acquired()).isZero();
    long copying =
        TestDatabases.awaitQuery(
            () ->
                db.sql(
                        "select count(*) from pg_stat_activity where state = 'active'"
                            + " and query like 'copy (select i%'")
                    .map(Long.class)
                    .one(),
            n -> n == 0,
            Duration.ofSeconds(5));
    assertThat(copying).isZero();
  }

  private static long count(String from) {
    return db.sql("select count(*) from " + from)
        .map(Long.class)
        .one()
        .block(TestDatabases.TIMEOUT);
  }

  private static ByteBuffer chunk(int index) {
    StringBuilder text = new StringBuilder(ROWS_PER_CHUNK * 16);
    int first = index * ROWS_PER_CHUNK;
    for (int id = first; id < first + ROWS_PER_CHUNK; id++) {
      text.append(id).append("\tst-").append(id % 97).append('\n');
    }
    return bytes(text.toString());
  }

  private static ByteBuffer bytes(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String text(ByteBuffer chunk) {
    return StandardCharsets.UTF_8.decode(chunk).toString();
  }
}
