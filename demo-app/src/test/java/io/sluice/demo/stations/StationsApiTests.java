package io.sluice.demo.stations;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.sluice.db.Database;
import io.sluice.demo.readings.Reading;
import io.sluice.demo.readings.ReadingStore;
import io.sluice.net.http.HttpServer;
import io.sluice.net.http.RequestHandler;
import io.sluice.net.http.Routes;
import io.sluice.net.http.RunningHttpServer;
import io.sluice.net.http.ServerResponse;
import io.sluice.net.http.client.ClientResponse;
import io.sluice.net.http.client.HttpClient;
import io.sluice.test.postgres.PostgresDatabase;
import io.sluice.test.postgres.PostgresTest;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@PostgresTest
class StationsApiTests {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final JsonMapper JSON = JsonMapper.shared();

  private static Database database;
  private static StandInRegistry standIn;

  private final List<RunningHttpServer> servers = new ArrayList<>();
  private final List<RegistryClient> registries = new ArrayList<>();
  private final HttpClient http = HttpClient.create();

  @BeforeAll
  static void seed(PostgresDatabase postgres) {
    database = Database.create(postgres.r2dbcUrl());
    database.migrate("classpath:db/migration").block(WAIT);
    database
        .sql("insert into stations (id, name, latitude, longitude) values ($1, $2, $3, $4)")
        .bind("oslo-1", "Oslo (local name)", 59.9, 10.7)
        .rowsUpdated()
        .block(WAIT);
    new ReadingStore(database)
        .insert(
            Flux.just(
                new Reading("oslo-1", NOW.minus(Duration.ofMinutes(30)), 4.0, 80, 1010),
                new Reading("oslo-1", NOW.minus(Duration.ofHours(3)), -2.0, 60, 1000),
                new Reading("oslo-1", NOW.minus(Duration.ofHours(20)), 1.0, 70, 1020),
                new Reading("oslo-1", NOW.minus(Duration.ofDays(3)), 30.0, 10, 900),
                new Reading("local-only", NOW.minus(Duration.ofHours(1)), 10.0, 50, 1000)))
        .block(WAIT);
    standIn = StandInRegistry.start().block(WAIT);
  }

  @AfterAll
  static void close() {
    standIn.stop(Duration.ofSeconds(1)).block(WAIT);
    database.close().block(WAIT);
  }

  @AfterEach
  void stop() {
    http.close().block(WAIT);
    registries.forEach(registry -> registry.close().block(WAIT));
    servers.forEach(server -> server.shutdown(Duration.ofSeconds(1)).block(WAIT));
  }

  @Test
  void aKnownStationIsSummarisedOverTheLastDayWithTheRegistrysDescription() {
    JsonNode body = ok(get(api(standIn.url()), "/api/stations/oslo-1"));

    assertThat(body.get("id").asString()).isEqualTo("oslo-1");
    assertThat(body.get("name").asString()).isEqualTo("Oslo Blindern");
    assertThat(body.get("registry").get("operator").asString()).isEqualTo("Stand-in Met");
    assertThat(body.get("window").asString()).isEqualTo("PT24H");
    assertThat(body.get("from").asString()).isEqualTo("2026-02-28T12:00:00Z");
    assertThat(body.get("count").asLong()).isEqualTo(3);
    assertThat(body.get("temperature").get("min").asDouble()).isEqualTo(-2.0);
    assertThat(body.get("temperature").get("max").asDouble()).isEqualTo(4.0);
    assertThat(body.get("temperature").get("avg").asDouble()).isEqualTo(1.0);
    assertThat(body.get("pressure").get("max").asDouble()).isEqualTo(1020.0);
    assertThat(body.get("last").asString()).isEqualTo("2026-03-01T11:30:00Z");
    assertThat(body.has("warning")).isFalse();
  }

  @Test
  void theWindowParameterNarrowsTheSummary() {
    JsonNode body = ok(get(api(standIn.url()), "/api/stations/oslo-1?window=PT1H"));

    assertThat(body.get("count").asLong()).isEqualTo(1);
    assertThat(body.get("humidity").get("avg").asDouble()).isEqualTo(80.0);
  }

  @Test
  void aStationWithoutReadingsInTheWindowHasACountOfZeroAndNoStatistics() {
    JsonNode body = ok(get(api(standIn.url()), "/api/stations/reykjavik-1"));

    assertThat(body.get("name").asString()).isEqualTo("Reykjavík");
    assertThat(body.get("count").asLong()).isZero();
    assertThat(body.has("temperature")).isFalse();
    assertThat(body.has("warning")).isFalse();
  }

  @Test
  void aStationTheRegistryDoesNotListIsAnsweredFromLocalDataWithAWarning() {
    JsonNode body = ok(get(api(standIn.url()), "/api/stations/local-only"));

    assertThat(body.get("count").asLong()).isEqualTo(1);
    assertThat(body.get("warning").asString())
        .isEqualTo("the station registry does not list this station");
  }

  @Test
  void aSlowRegistryIsCutOffAndTheLocalDataComesWithAWarning() {
    String registry = upstream(request -> Mono.never());

    JsonNode body =
        ok(get(api(registry, Duration.ofMillis(300), neverOpens()), "/api/stations/oslo-1"));

    assertThat(body.get("name").asString()).isEqualTo("Oslo (local name)");
    assertThat(body.get("count").asLong()).isEqualTo(3);
    assertThat(body.has("registry")).isFalse();
    assertThat(body.get("warning").asString())
        .isEqualTo("the station registry did not answer within 300 ms; showing local data only");
  }

  @Test
  void aDownRegistryGivesTheLocalDataWithAWarning() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }

    JsonNode body = ok(get(api("http://127.0.0.1:" + port), "/api/stations/oslo-1"));

    assertThat(body.get("count").asLong()).isEqualTo(3);
    assertThat(body.get("warning").asString())
        .isEqualTo(
            "the station registry is unreachable (connection refused); showing local data only");
  }

  @Test
  void aRegistryAnsweringGarbageGivesTheLocalDataWithAWarning() {
    String registry =
        upstream(
            request ->
                Mono.just(
                    ServerResponse.text("<html>gateway error</html>")
                        .withContentType("text/html")));

    JsonNode body = ok(get(api(registry), "/api/stations/oslo-1"));

    assertThat(body.get("count").asLong()).isEqualTo(3);
    assertThat(body.get("warning").asString())
        .isEqualTo(
            "the station registry answered something that is not JSON; showing local data only");
  }

  @Test
  void onceTheBreakerIsOpenTheRegistryIsNotCalledAtAll() {
    AtomicInteger calls = new AtomicInteger();
    String registry =
        upstream(
            request -> {
              calls.incrementAndGet();
              return Mono.just(ServerResponse.text("overloaded").withStatus(503));
            });
    String api =
        api(
            registry,
            Duration.ofSeconds(5),
            CircuitBreakerConfig.custom()
                .slidingWindowSize(2)
                .minimumNumberOfCalls(2)
                .waitDurationInOpenState(Duration.ofMinutes(5))
                .build());
    ok(get(api, "/api/stations/oslo-1"));
    ok(get(api, "/api/stations/oslo-1"));

    JsonNode body = ok(get(api, "/api/stations/oslo-1"));

    assertThat(calls).hasValue(2);
    assertThat(body.get("count").asLong()).isEqualTo(3);
    assertThat(body.get("warning").asString()).contains("circuit breaker is open");
  }

  @Test
  void stationIdsWithSpacesAndAccentsAreLookedUp() {
    ClientResponse response = get(api(standIn.url()), "/api/stations/%C3%A9t%C3%A9%20station");

    assertProblem(response, 404, "Unknown station 'été station'");
  }

  @Test
  void aStationNobodyKnowsIs404ProblemJson() {
    ClientResponse response = get(api(standIn.url()), "/api/stations/atlantis-9");

    assertProblem(response, 404, "Unknown station 'atlantis-9'");
  }

  @Test
  void aStationNobodyKnowsIs404AlsoWhenTheRegistryIsDown() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    ClientResponse response = get(api("http://127.0.0.1:" + port), "/api/stations/atlantis-9");

    assertProblem(response, 404, "Unknown station 'atlantis-9' (not in the database; the station");
  }

  @Test
  void malformedWindowsAre400ProblemJson() {
    String api = api(standIn.url());
    for (String window : List.of("24h", "PT0S", "-PT1H", "P400D", "")) {
      ClientResponse response = get(api, "/api/stations/oslo-1?window=" + window);
      assertProblem(response, 400, "window must be");
    }
  }

  @Test
  void malformedStationIdsAre400ProblemJson() {
    String api = api(standIn.url());
    for (String id : List.of("x".repeat(65), "tab%09in", "%20%20")) {
      ClientResponse response = get(api, "/api/stations/" + id);
      assertProblem(response, 400, "A station id is 1 to 64 characters");
    }
  }

  private ClientResponse get(String base, String path) {
    return http.get(base + path).exchange().block(WAIT);
  }

  private static JsonNode ok(ClientResponse response) {
    assertThat(response.status()).as(response.bodyAsString()).isEqualTo(200);
    assertThat(response.header("Content-Type")).startsWith("application/json");
    return JSON.readTree(response.bodyAsString());
  }

  private static void assertProblem(ClientResponse response, int status, String detailStart) {
    assertThat(response.status()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.header("Content-Type")).startsWith("application/problem+json");
    assertThat(JSON.readTree(response.bodyAsString()).get("detail").asString())
        .startsWith(detailStart);
  }

  private String api(String registryUrl) {
    return api(registryUrl, Duration.ofSeconds(5), neverOpens());
  }

  private String api(String registryUrl, Duration timeout, CircuitBreakerConfig breaker) {
    RegistryClient registry = RegistryClient.create(registryUrl, timeout, breaker);
    registries.add(registry);
    StationsApi stations =
        new StationsApi(new StationSummaries(database, Clock.fixed(NOW, ZoneOffset.UTC)), registry);
    return serve(stations.register(Routes.create()));
  }

  private String upstream(RequestHandler handler) {
    return serve(Routes.create().get("/stations/{id}", handler));
  }

  private String serve(Routes routes) {
    RunningHttpServer server =
        HttpServer.create().host("127.0.0.1").port(0).routes(routes).bindNow(WAIT);
    servers.add(server);
    return "http://127.0.0.1:" + server.port();
  }

  private static CircuitBreakerConfig neverOpens() {
    return CircuitBreakerConfig.custom().slidingWindowSize(100).minimumNumberOfCalls(100).build();
  }
}
