package io.sluice.demo.readings;

import static io.sluice.demo.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.demo.DemoUnderTest;
import io.sluice.net.http.client.ClientResponse;
import io.sluice.test.postgres.PostgresDatabase;
import io.sluice.test.postgres.PostgresTest;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

/**
 * Uploads cut off by the client store nothing; retries carrying an {@code Idempotency-Key} store
 * the rows once.
 */
@PostgresTest
class InterruptedUploadTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private static DemoUnderTest app;

  @BeforeAll
  static void start(PostgresDatabase database) {
    app = DemoUnderTest.start(database);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void aClientDisconnectingMidUploadStoresNothing() throws Exception {
    long before = stationRows("cut-off");
    StringBuilder sent = new StringBuilder();
    for (int i = 0; i < 2_000; i++) {
      sent.append(line("cut-off", i));
    }
    byte[] part = sent.toString().getBytes(StandardCharsets.UTF_8);
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), app.demo().port())) {
      OutputStream out = socket.getOutputStream();
      String head =
          "POST /api/readings HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer "
              + DemoUnderTest.TOKEN
              + "\r\nContent-Type: application/x-ndjson\r\nContent-Length: "
              + (part.length * 10L)
              + "\r\n\r\n";
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(part);
      out.flush();
      await("the upload's transaction is open", () -> openUploads() == 1);
    }

    await("the upload's transaction has ended", () -> openUploads() == 0);
    assertThat(stationRows("cut-off"))
        .as("rows stored by the interrupted upload")
        .isEqualTo(before);
  }

  @Test
  void aRetryWithTheSameKeyStoresTheRowsOnce() {
    String body = line("keyed", 1) + line("keyed", 2) + "not json\n";

    ClientResponse first = upload("retry-1", body);
    ClientResponse retry = upload("retry-1", body);

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.header("Idempotent-Replayed")).isEqualTo("false");
    assertThat(retry.status()).isEqualTo(200);
    assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
    JsonNode report = DemoUnderTest.json(retry);
    assertThat(report.get("accepted").asLong()).isEqualTo(2);
    assertThat(report.get("rejected").asLong()).isEqualTo(1);
    assertThat(report.get("errors").get(0).get("line").asLong()).isEqualTo(3);
    assertThat(stationRows("keyed")).isEqualTo(2);
  }

  @Test
  void concurrentRetriesWithTheSameKeyStoreTheRowsOnce() {
    String body = line("racing", 1) + line("racing", 2) + line("racing", 3);

    List<ClientResponse> responses =
        Flux.range(0, 4)
            .flatMap(i -> request("race-1", body).exchange().subscribeOn(Schedulers.parallel()))
            .collectList()
            .block(TIMEOUT);

    assertThat(responses).extracting(ClientResponse::status).containsOnly(200);
    assertThat(responses)
        .extracting(r -> r.header("Idempotent-Replayed"))
        .containsOnlyOnce("false");
    assertThat(stationRows("racing")).isEqualTo(3);
  }

  @Test
  void aFailedUploadDoesNotUseUpItsKey() {
    ClientResponse rejected =
        app.exchange(request("atomic-1", line("atomic", 1) + "bad\n").query("atomic", "true"));
    assertProblem(rejected, 422);

    ClientResponse retry = upload("atomic-1", line("atomic", 1));

    assertThat(retry.status()).isEqualTo(200);
    assertThat(retry.header("Idempotent-Replayed")).isEqualTo("false");
    assertThat(stationRows("atomic")).isEqualTo(1);
  }

  @Test
  void aMalformedKeyIsRejected() {
    assertProblem(upload("has space", line("bad-key", 1)), 400);
    assertProblem(upload("x".repeat(UploadKeys.MAX_KEY_LENGTH + 1), line("bad-key", 1)), 400);
    assertThat(stationRows("bad-key")).isZero();
  }

  private static ClientResponse upload(String key, String body) {
    return app.exchange(request(key, body));
  }

  private static io.sluice.net.http.client.ClientRequest request(String key, String body) {
    return app.client()
        .post("/api/readings")
        .header("Authorization", "Bearer " + DemoUnderTest.TOKEN)
        .header("Content-Type", "application/x-ndjson")
        .header("Idempotency-Key", key)
        .body(body.getBytes(StandardCharsets.UTF_8));
  }

  private static String line(String station, int n) {
    return "{\"stationId\":\""
        + station
        + "\",\"recordedAt\":\"2026-02-01T00:00:"
        + String.format("%02d", n % 60)
        + "Z\",\"temperature\":"
        + n
        + ",\"humidity\":2,\"pressure\":3}\n";
  }

  private static long stationRows(String station) {
    Long n =
        app.database()
            .sql("select count(*) from readings where station_id = $1")
            .bind(station)
            .map(Long.class)
            .one()
            .block(TIMEOUT);
    return n == null ? -1 : n;
  }

  /** Demo connections inside a transaction that has started a COPY into its temporary table. */
  private static long openUploads() {
    Long n =
        app.database()
            .sql(
                "select count(*) from pg_stat_activity where datname = current_database()"
                    + " and pid <> pg_backend_pid() and xact_start is not null"
                    + " and query like 'copy incoming_readings%'")
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
