package io.sluice.demo.ops;

import static io.sluice.demo.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.sluice.db.Database;
import io.sluice.demo.DemoUnderTest;
import io.sluice.net.http.HttpServer;
import io.sluice.net.http.Routes;
import io.sluice.net.http.RunningHttpServer;
import io.sluice.net.http.client.ClientResponse;
import io.sluice.net.http.client.HttpClient;
import io.sluice.test.postgres.PostgresDatabase;
import io.sluice.test.postgres.PostgresTest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

@PostgresTest
class OpsEndpointTests {

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
  void healthIsUpWithoutTouchingTheDatabase() {
    ClientResponse response = app.exchange(app.client().get("/health"));

    assertThat(response.status()).isEqualTo(200);
    assertThat(DemoUnderTest.json(response).get("status").asString()).isEqualTo("UP");
  }

  @Test
  void readyIsReadyWhileTheDatabaseAnswers() {
    ClientResponse response = app.exchange(app.client().get("/ready"));

    assertThat(response.status()).isEqualTo(200);
    assertThat(DemoUnderTest.json(response).get("database").asString()).isEqualTo("UP");
  }

  @Test
  void readyIsServiceUnavailableWhenTheDatabaseCannotBeReached() {
    Database unreachable = Database.create("r2dbc:postgresql://postgres@127.0.0.1:1/nowhere");
    HealthApi health = new HealthApi(unreachable);
    RunningHttpServer server =
        HttpServer.create()
            .port(0)
            .routes(health.register(Routes.create()))
            .bindNow(Duration.ofSeconds(10));
    HttpClient client = HttpClient.builder().baseUrl("http://127.0.0.1:" + server.port()).build();
    try {
      ClientResponse response = client.get("/ready").exchange().block(TIMEOUT);

      JsonNode problem = assertProblem(response, 503);
      assertThat(problem.get("database").asString()).isEqualTo("DOWN");
    } finally {
      client.close().block(TIMEOUT);
      server.shutdown(Duration.ofSeconds(1)).block(TIMEOUT);
      health.close().block(TIMEOUT);
      unreachable.close().block(TIMEOUT);
    }
  }

  @Test
  void metricsAreInThePrometheusFormatWithRequestsPoolAndStreams() {
    app.exchange(app.client().get("/health"));
    app.client().get("/api/readings").lines().collectList().block(TIMEOUT);

    ClientResponse response = app.exchange(app.client().get("/metrics"));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("Content-Type")).startsWith("text/plain");
    assertThat(response.bodyAsString())
        .contains(
            "http_server_requests_seconds_count{method=\"GET\",outcome=\"SUCCESS\",status=\"200\"}")
        .contains("sluice_db_pool_acquired{")
        .contains("sluice_db_pool_max{")
        .contains("sluice_demo_streams_in_flight{kind=\"readings\"}")
        .contains("jvm_memory_used_bytes")
        .contains("netty_eventexecutor_tasks_pending{");
  }

  @Test
  void requestsAreLoggedWithStructuredFieldsAndWithoutTheirHeaders() throws Exception {
    Logger access = (Logger) LoggerFactory.getLogger("io.sluice.demo.access");
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    Level level = access.getLevel();
    access.setLevel(Level.INFO);
    access.addAppender(lines);
    try {
      app.exchange(
          app.client()
              .post("/api/readings?atomic=maybe")
              .header("Authorization", "Bearer " + DemoUnderTest.TOKEN)
              .header("Content-Type", "application/x-ndjson")
              .body("{}"));

      ILoggingEvent line = awaitLine(lines, "/api/readings?atomic=maybe");
      Map<String, Object> fields = new HashMap<>();
      line.getKeyValuePairs().forEach(pair -> fields.put(pair.key, pair.value));
      assertThat(fields)
          .containsEntry("method", "POST")
          .containsEntry("uri", "/api/readings?atomic=maybe")
          .containsEntry("status", 400)
          .containsEntry("client", "127.0.0.1")
          .containsKeys("bytes", "durationMs", "completed");
      assertThat(line.getFormattedMessage() + fields).doesNotContain(DemoUnderTest.TOKEN);
    } finally {
      access.detachAppender(lines);
      access.setLevel(level);
    }
  }

  private static ILoggingEvent awaitLine(ListAppender<ILoggingEvent> lines, String uri)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      for (ILoggingEvent line : List.copyOf(lines.list)) {
        if (line.getFormattedMessage().contains(uri)) {
          return line;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no access log line for " + uri + " in " + lines.list);
  }

  @Test
  void anUnknownPathIsAProblem() {
    assertProblem(app.exchange(app.client().get("/api/nothing-here")), 404);
  }
}
