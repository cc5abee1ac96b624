package io.sluice.demo.readings;

import static io.sluice.demo.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.demo.DemoUnderTest;
import io.sluice.net.http.client.ClientResponse;
import io.sluice.net.http.client.ServerSentEvent;
import io.sluice.test.postgres.PostgresDatabase;
import io.sluice.test.postgres.PostgresTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@PostgresTest
class ReadingsQueryTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private static DemoUnderTest app;

  @BeforeAll
  static void startWithReadings(PostgresDatabase database) {
    app = DemoUnderTest.start(database);
    StringBuilder body = new StringBuilder();
    for (int hour = 0; hour < 10; hour++) {
      for (String station : List.of("oslo-1", "bergen-1")) {
        body.append(
            String.format(
                "{\"stationId\":\"%s\",\"recordedAt\":\"2026-01-01T%02d:00:00Z\","
                    + "\"temperature\":%d.5,\"humidity\":50,\"pressure\":1000}%n",
                station, hour, hour));
      }
    }
    ClientResponse response = app.upload("", "application/x-ndjson", body.toString());
    assertThat(response.status()).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static List<JsonNode> ndjson(String uri) {
    List<String> lines =
        app.client()
            .get(uri)
            .header("Accept", "application/x-ndjson")
            .lines()
            .collectList()
            .block(TIMEOUT);
    assertThat(lines).isNotNull();
    return lines.stream().map(line -> JsonMapper.shared().readTree(line)).toList();
  }

  @Test
  void readingsStreamAsNdjsonByDefaultOldestFirst() {
    List<String> lines = app.client().get("/api/readings").lines().collectList().block(TIMEOUT);

    assertThat(lines).hasSize(20);
    JsonNode first = JsonMapper.shared().readTree(lines.get(0));
    assertThat(first.get("recordedAt").asString()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(first.get("id").asLong()).isPositive();
    assertThat(first.get("humidity").asDouble()).isEqualTo(50.0);
  }

  @Test
  void stationTimeRangeAndLimitSelectTheReadings() {
    List<JsonNode> rows =
        ndjson(
            "/api/readings?station=oslo-1&from=2026-01-01T02:00:00Z&to=2026-01-01T06:00:00Z&limit=3");

    assertThat(rows)
        .extracting(r -> r.get("recordedAt").asString())
        .containsExactly("2026-01-01T02:00:00Z", "2026-01-01T03:00:00Z", "2026-01-01T04:00:00Z");
    assertThat(rows).allSatisfy(r -> assertThat(r.get("stationId").asString()).isEqualTo("oslo-1"));
  }

  @Test
  void theTimeRangeTakesOffsets() {
    List<JsonNode> rows = ndjson("/api/readings?station=bergen-1&from=2026-01-01T09:00:00%2B01:00");

    assertThat(rows)
        .extracting(r -> r.get("recordedAt").asString())
        .startsWith("2026-01-01T08:00:00Z")
        .hasSize(2);
  }

  @Test
  void acceptTextCsvGivesAHeaderAndOneRecordPerReading() {
    String csv =
        app.client()
            .get("/api/readings?station=oslo-1&limit=2")
            .header("Accept", "text/csv")
            .string()
            .block(TIMEOUT);

    assertThat(csv)
        .startsWith("id,stationId,recordedAt,temperature,humidity,pressure\n")
        .contains(",oslo-1,2026-01-01T01:00:00Z,1.5,50.0,1000.0\n");
    assertThat(csv.lines()).hasSize(3);
  }

  @Test
  void acceptEventStreamGivesOneEventPerReadingWithItsId() {
    List<ServerSentEvent> events =
        app.client()
            .get("/api/readings?station=bergen-1&limit=3")
            .events()
            .take(3)
            .collectList()
            .block(TIMEOUT);

    assertThat(events).hasSize(3);
    for (ServerSentEvent event : events) {
      JsonNode reading = JsonMapper.shared().readTree(event.data());
      assertThat(event.id()).isEqualTo(reading.get("id").asString());
      assertThat(event.event()).isEqualTo("reading");
    }
  }

  @Test
  void aReversedTimeRangeIsABadRequest() {
    JsonNode problem =
        assertProblem(
            app.exchange(
                app.client()
                    .get("/api/readings?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z")),
            400);

    assertThat(problem.get("detail").asString()).contains("from must be before to");
  }

  @Test
  void anEmptyTimeRangeIsABadRequest() {
    assertProblem(
        app.exchange(
            app.client().get("/api/readings?from=2026-01-01T00:00:00Z&to=2026-01-01T00:00:00Z")),
        400);
  }

  @Test
  void aTimeWithoutAnOffsetIsABadRequest() {
    JsonNode problem =
        assertProblem(
            app.exchange(app.client().get("/api/readings?from=2026-01-01T00:00:00")), 400);

    assertThat(problem.get("detail").asString()).startsWith("from must be an ISO-8601 time");
  }

  @Test
  void aLimitThatIsNotANumberIsABadRequest() {
    assertProblem(app.exchange(app.client().get("/api/readings?limit=ten")), 400);
  }

  @Test
  void aLimitOfZeroIsABadRequest() {
    assertProblem(app.exchange(app.client().get("/api/readings?limit=0")), 400);
  }

  @Test
  void bothReadModesGiveTheSameRowsAndAnUnknownModeIsABadRequest() {
    List<JsonNode> pages = ndjson("/api/readings?station=oslo-1&limit=7");
    List<JsonNode> snapshot = ndjson("/api/readings?station=oslo-1&limit=7&consistency=snapshot");

    assertThat(pages).hasSize(7).isEqualTo(snapshot);
    JsonNode problem =
        assertProblem(app.exchange(app.client().get("/api/readings?consistency=eventual")), 400);
    assertThat(problem.get("detail").asString()).contains("consistency", "eventual");
  }

  @Test
  void aLimitOverTheMaximumIsABadRequest() {
    JsonNode problem =
        assertProblem(
            app.exchange(app.client().get("/api/readings?limit=" + (ReadingQuery.MAX_LIMIT + 1))),
            400);

    assertThat(problem.get("detail").asString()).contains("1 to " + ReadingQuery.MAX_LIMIT);
  }

  @Test
  void aStationIdOverSixtyFourCharactersIsABadRequest() {
    assertProblem(app.exchange(app.client().get("/api/readings?station=" + "s".repeat(65))), 400);
  }

  @Test
  void anUnservableAcceptIsNotAcceptable() throws Exception {
    // The Sluice client always sends Accept: */* too; the JDK's client sends only what it is given.
    HttpResponse<String> response =
        java.net.http.HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(app.demo().baseUrl() + "/api/readings"))
                    .header("Accept", "application/xml")
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(406);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
  }
}
