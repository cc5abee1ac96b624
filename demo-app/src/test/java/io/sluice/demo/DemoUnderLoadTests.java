package io.sluice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoop;
import io.sluice.net.http.client.ClientRequest;
import io.sluice.net.http.client.HttpClient;
import io.sluice.test.postgres.PostgresDatabase;
import io.sluice.test.postgres.PostgresTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.HttpResources;

/**
 * Drives every endpoint of the demo at once, over real HTTP against a real database, with
 * BlockHound watching every event loop: uploads (NDJSON and CSV), queries (NDJSON, CSV and
 * server-sent events), live subscribers (new and resuming), stations, health, readiness, metrics
 * and rejected requests. Any blocking call caught on a non-blocking thread fails the test, whether
 * it became a 500, a dropped connection or only a log line; so does any 5xx, except {@code 503}
 * from {@code /ready}, which is how readiness says the pool did not answer within its timeout.
 *
 * <p>The load lasts {@code sluice.load.duration} (ISO-8601, default {@code PT3S}) with {@code
 * sluice.load.workers} request loops (default 12). The long run is a documented command (see
 * BENCHMARKS.md, "Flow control at scale"):
 *
 * <pre>
 * ./mvnw -pl demo-app -am verify -Dtest=DemoUnderLoadTests -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dsluice.load.duration=PT60S -Dsluice.load.workers=48
 * </pre>
 */
@PostgresTest
class DemoUnderLoadTests {

  private static final Duration LOAD =
      Duration.parse(System.getProperty("sluice.load.duration", "PT3S"));
  private static final int WORKERS = Integer.getInteger("sluice.load.workers", 12);
  private static final int LIVE_SUBSCRIBERS = 4;
  private static final String FINAL_STATION = "load-final";
  private static final Duration TIMEOUT = LOAD.plusSeconds(60);

  @Test
  void everyEndpointUnderConcurrentLoadAnswersWithoutBlockingAnEventLoop(
      PostgresDatabase database) {
    int blockingBefore = BlockingCallRecorder.count();
    try (DemoUnderTest app = DemoUnderTest.start(database, Map.of())) {
      assertThat(app.upload("", "application/x-ndjson", ndjson("load-0", 50)).status())
          .isEqualTo(200);
      HttpClient client = app.client();
      Map<String, Supplier<ClientRequest>> endpoints = endpoints(client);
      Map<String, Map<Integer, LongAdder>> statuses = new ConcurrentHashMap<>();
      Map<String, LongAdder> failures = new ConcurrentHashMap<>();
      List<String> names = List.copyOf(endpoints.keySet());
      long deadline = System.nanoTime() + LOAD.toNanos();
      AtomicInteger sequence = new AtomicInteger();

      // Live subscribers, new and resuming, count what they receive until the final reading,
      // which is posted after the load until every one of them has it.
      CompletableFuture<List<Long>> live =
          Flux.range(0, LIVE_SUBSCRIBERS)
              .flatMap(
                  i -> {
                    ClientRequest request = client.get("/api/live");
                    if (i % 2 == 1) {
                      request = request.header("Last-Event-ID", "1");
                    }
                    LongAdder received = new LongAdder();
                    return request
                        .events()
                        .doOnNext(event -> received.increment())
                        .filter(event -> event.data().contains("\"" + FINAL_STATION + "\""))
                        .next()
                        .map(event -> received.sum());
                  })
              .collectList()
              .toFuture();
      Flux<Integer> requests =
          Flux.range(0, WORKERS)
              .flatMap(
                  worker ->
                      Mono.defer(
                              () -> {
                                String name =
                                    names.get(
                                        Math.floorMod(sequence.getAndIncrement(), names.size()));
                                return endpoints
                                    .get(name)
                                    .get()
                                    .exchange()
                                    .map(response -> count(statuses, name, response.status()))
                                    .onErrorResume(
                                        error -> {
                                          failures
                                              .computeIfAbsent(
                                                  name + ": " + error, k -> new LongAdder())
                                              .increment();
                                          return Mono.empty();
                                        });
                              })
                          .repeat(() -> System.nanoTime() < deadline));

      requests.then().block(TIMEOUT);
      Mono.defer(
              () ->
                  client
                      .post("/api/readings")
                      .header("Authorization", "Bearer " + DemoUnderTest.TOKEN)
                      .header("Content-Type", "application/x-ndjson")
                      .body(bytes(ndjson(FINAL_STATION, 1)))
                      .exchange())
          .then(Mono.delay(Duration.ofSeconds(1)))
          .repeat()
          .takeUntilOther(Mono.fromFuture(live))
          .then()
          .block(TIMEOUT);
      List<Long> eventsPerSubscriber = live.join();

      assertThat(BlockingCallRecorder.since(blockingBefore))
          .as("blocking calls caught by BlockHound")
          .isEmpty();
      assertThat(failures).as("requests that failed").isEmpty();
      assertThat(statuses).as("every endpoint answered").containsOnlyKeys(names);
      statuses.forEach(
          (name, byStatus) ->
              assertThat(byStatus.keySet())
                  .as("statuses of %s", name)
                  .allSatisfy(
                      status ->
                          assertThat(status < 500 || (name.equals("GET /ready") && status == 503))
                              .as("%s answered %d", name, status)
                              .isTrue()));
      assertThat(statuses.get("POST /api/readings ndjson")).containsOnlyKeys(200);
      assertThat(statuses.get("POST /api/readings csv")).containsOnlyKeys(200);
      assertThat(statuses.get("GET /api/readings ndjson")).containsOnlyKeys(200);
      assertThat(statuses.get("GET /api/readings csv")).containsOnlyKeys(200);
      assertThat(statuses.get("GET /api/readings sse")).containsOnlyKeys(200);
      assertThat(statuses.get("GET /metrics")).containsOnlyKeys(200);
      assertThat(statuses.get("POST /api/readings without token")).containsOnlyKeys(401);
      assertThat(statuses.get("GET /api/readings limit=0")).containsOnlyKeys(400);
      assertThat(eventsPerSubscriber)
          .as("readings received by each live subscriber")
          .hasSize(LIVE_SUBSCRIBERS)
          .allSatisfy(events -> assertThat(events).isPositive());
    }
    assertThat(BlockingCallRecorder.since(blockingBefore))
        .as("blocking calls caught by BlockHound while stopping")
        .isEmpty();
  }

  @Test
  void aBlockingCallOnTheServersEventLoopIsCaught()
      throws InterruptedException, ExecutionException {
    int before = BlockingCallRecorder.count();
    EventLoop loop = HttpResources.get().onServer(true).next();

    try {
      loop.submit(
              () -> {
                Thread.sleep(1);
                return null;
              })
          .get(10, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("the event loop did not run the task", e);
    } catch (ExecutionException expected) {
      assertThat(expected.getCause()).hasMessageContaining("Thread.sleep");
    }

    assertThat(BlockingCallRecorder.since(before))
        .singleElement()
        .asString()
        .contains("java.lang.Thread.sleep");
  }

  private static Map<String, Supplier<ClientRequest>> endpoints(HttpClient client) {
    AtomicInteger upload = new AtomicInteger();
    Map<String, Supplier<ClientRequest>> endpoints = new LinkedHashMap<>();
    endpoints.put(
        "POST /api/readings ndjson",
        () ->
            client
                .post("/api/readings")
                .header("Authorization", "Bearer " + DemoUnderTest.TOKEN)
                .header("Content-Type", "application/x-ndjson")
                .body(bytes(ndjson("load-" + upload.incrementAndGet() % 5, 20))));
    endpoints.put(
        "POST /api/readings csv",
        () ->
            client
                .post("/api/readings")
                .header("Authorization", "Bearer " + DemoUnderTest.TOKEN)
                .header("Content-Type", "text/csv")
                .body(bytes(csv("load-csv", 20))));
    endpoints.put(
        "POST /api/readings without token",
        () ->
            client
                .post("/api/readings")
                .header("Content-Type", "application/x-ndjson")
                .body(bytes(ndjson("load-x", 1))));
    endpoints.put(
        "GET /api/readings ndjson",
        () -> client.get("/api/readings?limit=200").header("Accept", "application/x-ndjson"));
    endpoints.put(
        "GET /api/readings csv",
        () -> client.get("/api/readings?station=load-1&limit=200").header("Accept", "text/csv"));
    endpoints.put(
        "GET /api/readings sse",
        () -> client.get("/api/readings?limit=100").header("Accept", "text/event-stream"));
    endpoints.put("GET /api/readings limit=0", () -> client.get("/api/readings?limit=0"));
    endpoints.put("GET /api/stations/{id}", () -> client.get("/api/stations/load-1"));
    endpoints.put("GET /health", () -> client.get("/health"));
    endpoints.put("GET /ready", () -> client.get("/ready"));
    endpoints.put("GET /metrics", () -> client.get("/metrics"));
    return endpoints;
  }

  private static int count(Map<String, Map<Integer, LongAdder>> statuses, String name, int status) {
    statuses
        .computeIfAbsent(name, k -> new ConcurrentHashMap<>())
        .computeIfAbsent(status, k -> new LongAdder())
        .increment();
    return status;
  }

  private static String ndjson(String station, int lines) {
    StringBuilder body = new StringBuilder();
    Instant at = Instant.parse("2026-01-01T00:00:00Z");
    for (int i = 0; i < lines; i++) {
      body.append("{\"stationId\":\"")
          .append(station)
          .append("\",\"recordedAt\":\"")
          .append(at.plusSeconds(i))
          .append("\",\"temperature\":4.5,\"humidity\":81,\"pressure\":1013.2}\n");
    }
    return body.toString();
  }

  private static String csv(String station, int lines) {
    StringBuilder body = new StringBuilder("stationId,recordedAt,temperature,humidity,pressure\n");
    Instant at = Instant.parse("2026-01-01T00:00:00Z");
    for (int i = 0; i < lines; i++) {
      body.append(station).append(',').append(at.plusSeconds(i)).append(",4.5,81,1013.2\n");
    }
    return body.toString();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
