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
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * The demo serving a mixed load on a PostgreSQL server that the test stops and starts again, on the
 * same port and data directory: fast 503s while it is down, recovery without restarting the demo,
 * no leaked connections, and live clients told to resync and caught up from the table.
 *
 * <p>Unlike {@link DatabaseOutageTests}, which cuts the network, the server itself goes away: open
 * sessions are terminated by the server, connections are refused while it is down, and the new
 * server knows nothing of the old sessions or their LISTENs.
 */
class DatabaseRestartTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** Longer than the pool's acquire timeout (10 s): a request hanging past it fails the test. */
  private static final Duration FAIL_FAST_BOUND = Duration.ofSeconds(15);

  /** How long the server stays down while the test checks the answers. */
  private static final Duration DOWNTIME = Duration.ofSeconds(3);

  private static final int POOL_SIZE = 4;

  @TempDir Path dataDirectory;

  private int port;
  private @Nullable EmbeddedPostgres server;
  private DemoUnderTest app;
  private HttpClient client;
  private @Nullable Database direct;

  @BeforeEach
  void startDemoOnItsOwnServer() throws IOException {
    port = freePort();
    server = startServer();
    app =
        DemoUnderTest.start(
            "r2dbc:postgresql://postgres@127.0.0.1:" + port + "/sluice_restart",
            Map.of("DB_POOL_SIZE", Integer.toString(POOL_SIZE)));
    client =
        HttpClient.builder().baseUrl(app.demo().baseUrl()).responseTimeout(FAIL_FAST_BOUND).build();
  }

  @AfterEach
  void stop() throws IOException {
    client.close().block(TIMEOUT);
    app.close();
    if (direct != null) {
      direct.close().block(TIMEOUT);
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aRestartedServerAnswers503FastWhileDownAndEverythingRecoversByItself() throws Exception {
    ConcurrentLinkedQueue<Received> live = new ConcurrentLinkedQueue<>();
    Disposable liveClient =
        client
            .get("/api/live")
            .events()
            .subscribe(event -> live.add(new Received(System.nanoTime(), event)));
    upload("restart-before");
    await("the live client received the first reading", () -> hasReading(live, "restart-before"));

    Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    AtomicInteger failures = new AtomicInteger();
    AtomicLong restarted = new AtomicLong();
    AtomicLong firstSuccess = new AtomicLong();
    Disposable load =
        mixedLoad(
            statuses,
            failures,
            status -> {
              if (status == 200 && restarted.get() != 0) {
                firstSuccess.compareAndSet(0, System.nanoTime());
              }
            });
    await("the load got answers", () -> count(statuses, 200) >= 20);

    stopServer();
    int failuresAtStop = failures.get();
    long slowestOutageAnswer = 0;
    long downUntil = System.nanoTime() + DOWNTIME.toNanos();
    while (System.nanoTime() < downUntil) {
      long sent = System.nanoTime();
      assertProblem(send(client.get("/ready")), 503);
      assertProblem(send(client.get("/api/readings?limit=5")), 503);
      assertProblem(send(uploadRequest("restart-during")), 503);
      slowestOutageAnswer = Math.max(slowestOutageAnswer, System.nanoTime() - sent);
    }
    await("the load saw the outage", () -> failures.get() >= failuresAtStop + 20);

    server = startServer();
    restarted.set(System.nanoTime());
    // Committed as soon as the server is back, racing the demo's reconnection: whether its LISTEN
    // is back in time to hear the notification or re-reads the table when it is, the client gets
    // it.
    direct = Database.create("r2dbc:postgresql://postgres@127.0.0.1:" + port + "/sluice_restart");
    direct
        .sql(
            "insert into readings (station_id, recorded_at, temperature, humidity, pressure)"
                + " values ('restart-missed', now(), 1, 2, 3)")
        .rowsUpdated()
        .then(direct.notify("readings", "0"))
        .block(TIMEOUT);

    await("a request of the load succeeds again", () -> firstSuccess.get() != 0);
    await("ready again", () -> send(client.get("/ready")).status() == 200);
    await(
        "the live client was told to resync",
        () -> live.stream().anyMatch(r -> r.event().event().equals("resync")));
    long resynced =
        live.stream()
            .filter(r -> r.event().event().equals("resync"))
            .mapToLong(Received::at)
            .min()
            .orElseThrow();
    await("the live client caught up from the table", () -> hasReading(live, "restart-missed"));
    upload("restart-after");
    await("the live client follows new readings", () -> hasReading(live, "restart-after"));
    liveClient.dispose();
    System.out.println(
        "Database restart recovery: slowest answer while down "
            + TimeUnit.NANOSECONDS.toMillis(slowestOutageAnswer)
            + " ms, restart -> first successful request "
            + TimeUnit.NANOSECONDS.toMillis(firstSuccess.get() - restarted.get())
            + " ms, restart -> LISTEN resumed (resync event) "
            + TimeUnit.NANOSECONDS.toMillis(resynced - restarted.get())
            + " ms");

    load.dispose();
    assertThat(statuses.keySet())
        .as("statuses answered under load: %s", statuses)
        .isSubsetOf(200, 404, 503);
    assertThat(count(statuses, 503)).isPositive();
    await(
        "every pool connection is back and no demo query runs",
        () -> idle(app.database().poolStats()) && activeDemoQueries().isEmpty(),
        () -> "pool " + app.database().poolStats() + ", running " + activeDemoQueries());
    assertThat(demoConnections())
        .as("connections the demo holds on the new server")
        .isLessThanOrEqualTo(POOL_SIZE + 1);
  }

  /** Starts a server on the test's port and data directory, running initdb only the first time. */
  private EmbeddedPostgres startServer() throws IOException {
    return EmbeddedPostgres.builder()
        .setPort(port)
        .setDataDirectory(dataDirectory)
        .setCleanDataDirectory(false)
        .start();
  }

  /** Stops the server with {@code pg_ctl stop} (fast mode: open sessions are terminated). */
  private void stopServer() throws IOException {
    EmbeddedPostgres running = server;
    server = null;
    if (running != null) {
      running.close();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private Disposable mixedLoad(
      Map<Integer, AtomicInteger> statuses, AtomicInteger failures, IntConsumer onStatus) {
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
                        onStatus.accept(status);
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

  private static boolean hasReading(ConcurrentLinkedQueue<Received> events, String station) {
    return events.stream()
        .map(Received::event)
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
    return directDatabase()
        .sql(
            "select state || ': ' || query from pg_stat_activity where datname = current_database()"
                + " and application_name = 'sluice-demo' and state <> 'idle'")
        .map(String.class)
        .all()
        .collectList()
        .block(TIMEOUT);
  }

  private long demoConnections() {
    Long n =
        directDatabase()
            .sql(
                "select count(*) from pg_stat_activity where datname = current_database()"
                    + " and application_name = 'sluice-demo'")
            .map(Long.class)
            .one()
            .block(TIMEOUT);
    return n == null ? -1 : n;
  }

  private Database directDatabase() {
    Database database = direct;
    if (database == null) {
      throw new AssertionError("no direct connection before the restart");
    }
    return database;
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

  /** A server-sent event and when it arrived. */
  private record Received(long at, ServerSentEvent event) {}
}
