package io.sluice.demo.ops;

import static io.sluice.demo.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.db.Database;
import io.sluice.db.PoolStats;
import io.sluice.demo.DemoUnderTest;
import io.sluice.net.http.client.ClientRequest;
import io.sluice.net.http.client.ClientResponse;
import io.sluice.net.http.client.HttpClient;
import io.sluice.net.http.client.ServerSentEvent;
import io.sluice.test.faults.FaultProxy;
import io.sluice.test.postgres.PostgresDatabase;
import io.sluice.test.postgres.PostgresTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * The demo serving a mixed load through a {@link FaultProxy} to PostgreSQL while the database is
 * cut off: fast 503s during the outage, recovery without a restart, no leaked connections, and live
 * clients told to resync and caught up from the table.
 */
@PostgresTest
class DatabaseOutageTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** Longer than the pool's acquire timeout (10 s): a request hanging past it fails the test. */
  private static final Duration FAIL_FAST_BOUND = Duration.ofSeconds(15);

  private static final int POOL_SIZE = 4;

  private final PostgresDatabase database;
  private FaultProxy proxy;
  private DemoUnderTest app;
  private HttpClient client;
  private Database direct;

  DatabaseOutageTests(PostgresDatabase database) {
    this.database = database;
  }

  @BeforeEach
  void startDemoBehindProxy() {
    proxy = FaultProxy.start(database.host(), database.port());
    String throughProxy =
        database
            .r2dbcUrl()
            .replace(
                "@" + database.host() + ":" + database.port() + "/",
                "@" + proxy.host() + ":" + proxy.port() + "/");
    app =
        DemoUnderTest.start(
            database,
            Map.of("DATABASE_URL", throughProxy, "DB_POOL_SIZE", Integer.toString(POOL_SIZE)));
    client =
        HttpClient.builder().baseUrl(app.demo().baseUrl()).responseTimeout(FAIL_FAST_BOUND).build();
    direct = Database.create(database.r2dbcUrl());
  }

  @AfterEach
  void stop() {
    client.close().block(TIMEOUT);
    app.close();
    direct.close().block(TIMEOUT);
    proxy.close();
  }

  @Test
  void anOutageAnswers503FastAndEverythingRecoversByItself() throws Exception {
    ConcurrentLinkedQueue<ServerSentEvent> live = new ConcurrentLinkedQueue<>();
    Disposable liveClient = client.get("/api/live").events().subscribe(live::add);
    upload("outage-before");
    await("the live client received the first reading", () -> hasReading(live, "outage-before"));

    Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    AtomicInteger failures = new AtomicInteger();
    Disposable load = mixedLoad(statuses, failures);
    await("the load got answers", () -> count(statuses, 200) >= 20);

    proxy.refuse();
    proxy.cutConnections();
    int failuresAtCut = failures.get();

    assertProblem(send(client.get("/ready")), 503);
    assertProblem(send(client.get("/api/readings?limit=5")), 503);
    assertProblem(send(uploadRequest("outage-during")), 503);
    await("the load saw the outage", () -> failures.get() >= failuresAtCut + 20);
    direct
        .sql(
            "insert into readings (station_id, recorded_at, temperature, humidity, pressure)"
                + " values ('outage-missed', now(), 1, 2, 3)")
        .rowsUpdated()
        .then(direct.notify("readings", "0"))
        .block(TIMEOUT);

    proxy.pass();
    long outageEnd = System.nanoTime();
    await(
        "a request succeeds again",
        () -> send(client.get("/api/readings?limit=1")).status() == 200);
    long recoveryMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - outageEnd);
    System.out.println(
        "Database outage recovery: outage end -> first successful request "
            + recoveryMillis
            + " ms");
    await("ready again", () -> send(client.get("/ready")).status() == 200);

    await(
        "the live client was told to resync",
        () -> live.stream().anyMatch(e -> e.event().equals("resync")));
    await("the live client caught up from the table", () -> hasReading(live, "outage-missed"));
    upload("outage-after");
    await("the live client follows new readings", () -> hasReading(live, "outage-after"));
    liveClient.dispose();

    load.dispose();
    assertThat(statuses.keySet())
        .as("statuses answered under load: %s", statuses)
        .isSubsetOf(200, 404, 503);
    assertThat(count(statuses, 503)).isPositive();
    // Requests the client abandoned may still reach the server after load.dispose(): wait until the
    // pool and the server agree that nothing runs, and name what still runs if they never do.
    await(
        "every pool connection is back and no demo query runs",
        () -> idle(app.database().poolStats()) && activeDemoQueries().isEmpty(),
        () -> "pool " + app.database().poolStats() + ", running " + activeDemoQueries());
    assertThat(demoConnections())
        .as("connections the demo holds")
        .isLessThanOrEqualTo(POOL_SIZE + 1);
  }

  private Disposable mixedLoad(Map<Integer, AtomicInteger> statuses, AtomicInteger failures) {
    return Flux.range(0, Integer.MAX_VALUE)
        .flatMap(
            i -> {
              ClientRequest request =
                  switch (i % 3) {
                    case 0 -> client.get("/api/readings?limit=20");
                    case 1 -> uploadRequest("load-" + (i % 7));
                    default -> client.get("/api/stations/load-1");
                  };
              return request
                  .exchange()
                  .map(ClientResponse::status)
                  .onErrorReturn(-1)
                  .doOnNext(
                      status -> {
                        statuses
                            .computeIfAbsent(status, s -> new AtomicInteger())
                            .incrementAndGet();
                        if (status != 200) {
                          failures.incrementAndGet();
                        }
                      });
            },
            4)
        .subscribe();
  }

  private ClientRequest uploadRequest(String station) {
    String line =
        "{\"stationId\":\""
            + station
            + "\",\"recordedAt\":\"2026-01-01T00:00:00Z\",\"temperature\":1,\"humidity\":2,\"pressure\":3}\n";
    return client
        .post("/api/readings")
        .header("Authorization", "Bearer " + DemoUnderTest.TOKEN)
        .header("Content-Type", "application/x-ndjson")
        .body(line.getBytes(StandardCharsets.UTF_8));
  }

  private void upload(String station) {
    assertThat(send(uploadRequest(station)).status()).isEqualTo(200);
  }

  private static ClientResponse send(ClientRequest request) {
    ClientResponse response = request.exchange().block(TIMEOUT);
    assertThat(response).isNotNull();
    return response;
  }

  private static boolean hasReading(ConcurrentLinkedQueue<ServerSentEvent> events, String station) {
    return events.stream()
        .anyMatch(e -> e.event().equals("reading") && e.data().contains("\"" + station + "\""));
  }

  private static int count(Map<Integer, AtomicInteger> statuses, int status) {
    AtomicInteger n = statuses.get(status);
    return n == null ? 0 : n.get();
  }

  private static boolean idle(PoolStats stats) {
    return stats.acquired() == 0 && stats.pending() == 0;
  }

  private List<String> activeDemoQueries() {
    return direct
        .sql(
            "select state || ': ' || query from pg_stat_activity where datname = current_database()"
                + " and application_name = 'sluice-demo' and state <> 'idle'")
        .map(String.class)
        .all()
        .collectList()
        .block(TIMEOUT);
  }

  private long demoConnections() {
    return countActivity("");
  }

  private long countActivity(String condition) {
    Long n =
        direct
            .sql(
                "select count(*) from pg_stat_activity where datname = current_database()"
                    + " and application_name = 'sluice-demo' "
                    + condition)
            .map(Long.class)
            .one()
            .block(TIMEOUT);
    return n == null ? -1 : n;
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    await(what, condition, () -> "");
  }

  private static void await(String what, BooleanSupplier condition, Supplier<String> state)
      throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what + " " + state.get());
      }
      Thread.sleep(20);
    }
  }
}
