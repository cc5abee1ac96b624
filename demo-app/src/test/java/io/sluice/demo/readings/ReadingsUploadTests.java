package io.sluice.demo.readings;

import static io.sluice.demo.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.db.ListenEvent;
import io.sluice.demo.DemoUnderTest;
import io.sluice.net.http.client.ClientResponse;
import io.sluice.test.postgres.PostgresDatabase;
import io.sluice.test.postgres.PostgresTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

@PostgresTest
class ReadingsUploadTests {

  private static final String NDJSON = "application/x-ndjson";
  private static final long MAX_UPLOAD = 256 * 1024;

  private static DemoUnderTest app;

  @BeforeAll
  static void start(PostgresDatabase database) {
    app = DemoUnderTest.start(database, Map.of("MAX_UPLOAD_SIZE", Long.toString(MAX_UPLOAD)));
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @BeforeEach
  void emptyTable() {
    app.database().sql("truncate readings").rowsUpdated().block(Duration.ofSeconds(10));
  }

  private static String line(String station, String time, double t, double h, double p) {
    return "{\"stationId\":\""
        + station
        + "\",\"recordedAt\":\""
        + time
        + "\",\"temperature\":"
        + t
        + ",\"humidity\":"
        + h
        + ",\"pressure\":"
        + p
        + "}\n";
  }

  @Test
  void validNdjsonLinesAreStoredAndCounted() {
    String body =
        line("oslo-1", "2026-01-01T10:00:00Z", 4.5, 81, 1013.2)
            + line("oslo-1", "2026-01-01T10:10:00+01:00", 4.7, 80, 1013.0);

    ClientResponse response = app.upload("", NDJSON, body);

    assertThat(response.status()).isEqualTo(200);
    JsonNode report = DemoUnderTest.json(response);
    assertThat(report.get("accepted").asLong()).isEqualTo(2);
    assertThat(report.get("rejected").asLong()).isZero();
    assertThat(report.get("errors").size()).isZero();
    assertThat(app.readingsInTable()).isEqualTo(2);
  }

  @Test
  void badNdjsonLinesAreSkippedAndReportedWithTheirLineNumbers() {
    String body =
        line("oslo-1", "2026-01-01T10:00:00Z", 4.5, 81, 1013.2)
            + "{not json\n"
            + line("", "2026-01-01T10:00:00Z", 4.5, 81, 1013.2)
            + line("x".repeat(65), "2026-01-01T10:00:00Z", 4.5, 81, 1013.2)
            + line("oslo-1", "yesterday", 4.5, 81, 1013.2)
            + line("oslo-1", "2026-01-01T10:00:00Z", 4.5, 101, 1013.2)
            + "{\"stationId\":\"oslo-1\",\"recordedAt\":\"2026-01-01T10:00:00Z\",\"temperature\":1e999,"
            + "\"humidity\":5,\"pressure\":1}\n"
            + "{\"stationId\":\"oslo-1\",\"recordedAt\":\"2026-01-01T10:00:00Z\",\"humidity\":5,"
            + "\"pressure\":1}\n"
            + line("bergen-1", "2026-01-01T10:00:00Z", 7, 60, 1009);

    JsonNode report = DemoUnderTest.json(app.upload("", NDJSON, body));

    assertThat(report.get("accepted").asLong()).isEqualTo(2);
    assertThat(report.get("rejected").asLong()).isEqualTo(7);
    assertThat(report.get("errors").valueStream().map(e -> e.get("line").asLong()))
        .containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 8L);
    assertThat(report.get("errors").get(0).get("message").asString()).contains("not a JSON");
    assertThat(report.get("errors").get(1).get("message").asString()).contains("stationId");
    assertThat(report.get("errors").get(2).get("message").asString()).contains("64");
    assertThat(report.get("errors").get(3).get("message").asString()).contains("recordedAt");
    assertThat(report.get("errors").get(4).get("message").asString()).contains("humidity");
    assertThat(report.get("errors").get(5).get("message").asString()).contains("finite");
    assertThat(report.get("errors").get(6).get("message").asString())
        .contains("temperature is missing");
    assertThat(app.readingsInTable()).isEqualTo(2);
  }

  @Test
  void aReportListsTheFirstTenErrorsAndCountsAll() {
    String body = "nope\n".repeat(25) + line("oslo-1", "2026-01-01T10:00:00Z", 1, 2, 3);

    JsonNode report = DemoUnderTest.json(app.upload("", NDJSON, body));

    assertThat(report.get("accepted").asLong()).isEqualTo(1);
    assertThat(report.get("rejected").asLong()).isEqualTo(25);
    assertThat(report.get("errors").size()).isEqualTo(10);
    assertThat(report.get("errors").get(9).get("line").asLong()).isEqualTo(10);
  }

  @Test
  void csvIsReadByItsHeaderInAnyColumnOrderAndBadRecordsAreReported() {
    String body =
        """
        pressure,humidity,temperature,recordedAt,stationId
        1013.2,81,4.5,2026-01-01T10:00:00Z,oslo-1
        1013.2,eighty,4.5,2026-01-01T10:00:00Z,oslo-1
        1013.2,81
        1013.2,81,4.5,2026-01-01T10:00:00Z,"bergen,1"
        """;

    JsonNode report = DemoUnderTest.json(app.upload("", "text/csv; charset=utf-8", body));

    assertThat(report.get("accepted").asLong()).isEqualTo(2);
    assertThat(report.get("errors").valueStream().map(e -> e.get("line").asLong()))
        .containsExactly(3L, 4L);
    assertThat(report.get("errors").get(0).get("message").asString())
        .contains("humidity is not a number");
    assertThat(
            app.database()
                .sql("select count(*) from readings where station_id = 'bergen,1'")
                .map(Long.class)
                .one()
                .block(Duration.ofSeconds(10)))
        .isEqualTo(1);
  }

  @Test
  void aCsvHeaderWithoutTheNeededColumnsIsABadRequestAndNothingIsStored() {
    String body = "station,time,t,h,p\noslo-1,2026-01-01T10:00:00Z,1,2,3\n";

    JsonNode problem = assertProblem(app.upload("", "text/csv", body), 400);

    assertThat(problem.get("detail").asString()).contains("stationId");
    assertThat(problem.get("line").asLong()).isEqualTo(1);
    assertThat(app.readingsInTable()).isZero();
  }

  @Test
  void aCsvQuoteNeverClosedIsABadRequestAndNothingIsStored() {
    String body =
        """
        stationId,recordedAt,temperature,humidity,pressure
        oslo-1,2026-01-01T10:00:00Z,1,2,3
        "oslo-1,2026-01-01T10:00:00Z,1,2,3
        """;

    assertProblem(app.upload("", "text/csv", body), 400);

    assertThat(app.readingsInTable()).isZero();
  }

  @Test
  void anAtomicUploadWithOneBadLineIsRejectedAndStoresNothing() {
    String body =
        line("oslo-1", "2026-01-01T10:00:00Z", 4.5, 81, 1013.2).repeat(600)
            + "{\"broken\n"
            + line("oslo-1", "2026-01-01T10:00:00Z", 4.5, 81, 1013.2);

    JsonNode problem = assertProblem(app.upload("?atomic=true", NDJSON, body), 422);

    assertThat(problem.get("line").asLong()).isEqualTo(601);
    assertThat(problem.get("detail").asString()).contains("nothing was stored");
    assertThat(app.readingsInTable()).isZero();
  }

  @Test
  void anAtomicUploadWithoutBadLinesIsStored() {
    String body = line("oslo-1", "2026-01-01T10:00:00Z", 4.5, 81, 1013.2).repeat(3);

    ClientResponse response = app.upload("?atomic=true", NDJSON, body);

    assertThat(response.status()).isEqualTo(200);
    assertThat(app.readingsInTable()).isEqualTo(3);
  }

  @Test
  void anAtomicFlagThatIsNotABooleanIsABadRequest() {
    assertProblem(app.upload("?atomic=maybe", NDJSON, ""), 400);
  }

  @Test
  void anUploadWithoutATokenIsUnauthorizedAndNothingIsStored() {
    ClientResponse response =
        app.exchange(
            app.client()
                .post("/api/readings")
                .header("Content-Type", NDJSON)
                .body(line("oslo-1", "2026-01-01T10:00:00Z", 1, 2, 3)));

    assertProblem(response, 401);
    assertThat(app.readingsInTable()).isZero();
  }

  @Test
  void anUploadWithAWrongTokenIsUnauthorized() {
    ClientResponse response =
        app.exchange(
            app.client()
                .post("/api/readings")
                .header("Authorization", "Bearer " + DemoUnderTest.TOKEN + "x")
                .header("Content-Type", NDJSON)
                .body(line("oslo-1", "2026-01-01T10:00:00Z", 1, 2, 3)));

    JsonNode problem = assertProblem(response, 401);
    assertThat(problem.toString()).doesNotContain(DemoUnderTest.TOKEN);
  }

  @Test
  void anUploadWithAnotherSchemeIsUnauthorized() {
    ClientResponse response =
        app.exchange(
            app.client()
                .post("/api/readings")
                .header("Authorization", "Basic " + DemoUnderTest.TOKEN)
                .header("Content-Type", NDJSON)
                .body("{}"));

    assertProblem(response, 401);
  }

  @Test
  void anUploadOfAnotherMediaTypeIsUnsupported() {
    assertProblem(app.upload("", "application/xml", "<readings/>"), 415);
  }

  @Test
  void anUploadOverTheLimitIsTooLargeAndNothingIsStored() {
    String body = line("oslo-1", "2026-01-01T10:00:00Z", 1, 2, 3);
    StringBuilder big = new StringBuilder();
    while (big.length() <= MAX_UPLOAD) {
      big.append(body);
    }

    assertProblem(app.upload("", NDJSON, big.toString()), 413);

    assertThat(app.readingsInTable()).isZero();
  }

  @Test
  void aStreamedUploadOverTheLimitWithoutContentLengthIsTooLargeAndNothingIsStored() {
    byte[] line = line("oslo-1", "2026-01-01T10:00:00Z", 1, 2, 3).getBytes(StandardCharsets.UTF_8);
    Flux<java.nio.ByteBuffer> chunks =
        Flux.range(0, (int) (2 * MAX_UPLOAD / line.length))
            .map(i -> java.nio.ByteBuffer.wrap(line));

    ClientResponse response =
        app.exchange(
            app.client()
                .post("/api/readings")
                .header("Authorization", "Bearer " + DemoUnderTest.TOKEN)
                .header("Content-Type", NDJSON)
                .body(chunks));

    assertProblem(response, 413);
    assertThat(app.readingsInTable()).isZero();
  }

  @Test
  void aCommittedUploadIsAnnouncedWithItsHighestId() {
    AtomicReference<String> payload = new AtomicReference<>();
    reactor.core.publisher.Mono<ClientResponse> upload =
        app.client()
            .post("/api/readings")
            .header("Authorization", "Bearer " + DemoUnderTest.TOKEN)
            .header("Content-Type", NDJSON)
            .body(line("oslo-1", "2026-01-01T10:00:00Z", 1, 2, 3).repeat(3))
            .exchange();

    StepVerifier.create(
            app.database()
                .listen("readings")
                .filter(e -> !(e instanceof ListenEvent.Reconnected))
                .take(2))
        .expectNextMatches(event -> event instanceof ListenEvent.Listening)
        .then(() -> upload.subscribe())
        .consumeNextWith(event -> payload.set(((ListenEvent.Notification) event).payload()))
        .expectComplete()
        .verify(Duration.ofSeconds(30));

    Long max =
        app.database()
            .sql("select max(id) from readings")
            .map(Long.class)
            .one()
            .block(Duration.ofSeconds(10));
    assertThat(payload.get()).isEqualTo(String.valueOf(max));
  }
}
