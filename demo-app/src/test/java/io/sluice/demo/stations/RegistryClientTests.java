package io.sluice.demo.stations;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.sluice.net.http.HttpServer;
import io.sluice.net.http.RequestHandler;
import io.sluice.net.http.Routes;
import io.sluice.net.http.RunningHttpServer;
import io.sluice.net.http.ServerResponse;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class RegistryClientTests {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private final List<RunningHttpServer> servers = new ArrayList<>();
  private final List<RegistryClient> clients = new ArrayList<>();
  private final List<StandInRegistry> standIns = new ArrayList<>();

  @AfterEach
  void close() {
    clients.forEach(client -> client.close().block(WAIT));
    servers.forEach(server -> server.shutdown(Duration.ofSeconds(1)).block(WAIT));
    standIns.forEach(standIn -> standIn.stop(Duration.ofSeconds(1)).block(WAIT));
  }

  @Test
  void aStationTheRegistryKnowsIsFound() {
    StandInRegistry standIn = StandInRegistry.start().block(WAIT);
    standIns.add(standIn);
    RegistryLookup lookup = client(standIn.url(), breaker()).lookup("oslo-1").block(WAIT);
    assertThat(lookup)
        .isEqualTo(
            new RegistryLookup.Found(
                new RegistryStation("oslo-1", "Oslo Blindern", 59.9423, 10.7200, "Stand-in Met")));
  }

  @Test
  void aStationTheRegistryAnswers404ForIsNotFoundAndCountsAsASuccess() {
    StandInRegistry standIn = StandInRegistry.start().block(WAIT);
    standIns.add(standIn);
    RegistryClient client = client(standIn.url(), tightBreaker());
    for (int i = 0; i < 4; i++) {
      assertThat(client.lookup("nowhere-" + i).block(WAIT))
          .isEqualTo(new RegistryLookup.NotFound());
    }
    assertThat(client.breakerState()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void aRegistryThatDoesNotAnswerInTimeIsUnavailable() {
    String url = serve(request -> Mono.never());
    RegistryLookup lookup =
        client(url, Duration.ofMillis(200), breaker()).lookup("oslo-1").block(WAIT);
    assertThat(lookup)
        .isEqualTo(
            new RegistryLookup.Unavailable("the station registry did not answer within 200 ms"));
  }

  @Test
  void aRegistryThatRefusesConnectionsIsUnavailable() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    RegistryLookup lookup =
        client("http://127.0.0.1:" + port, breaker()).lookup("oslo-1").block(WAIT);
    assertThat(lookup)
        .isEqualTo(
            new RegistryLookup.Unavailable(
                "the station registry is unreachable (connection refused)"));
  }

  @Test
  void answersThatAreNotAStationAreUnavailable() {
    List<ServerResponse> garbage =
        List.of(
            ServerResponse.text("<html>oops</html>").withContentType("text/html"),
            json("{\"id\": \"oslo-1\", "),
            json("[1, 2, 3]"),
            json(""),
            json("{\"id\":\"other\",\"name\":\"x\",\"latitude\":1,\"longitude\":2}"),
            json("{\"id\":\"oslo-1\",\"name\":\"x\",\"latitude\":91,\"longitude\":2}"),
            json("{\"id\":\"oslo-1\",\"name\":\"x\",\"latitude\":\"north\",\"longitude\":2}"),
            ServerResponse.text("down for maintenance").withStatus(503));
    AtomicInteger next = new AtomicInteger();
    String url = serve(request -> Mono.just(garbage.get(next.getAndIncrement())));
    RegistryClient client = client(url, breaker());
    for (int i = 0; i < garbage.size(); i++) {
      RegistryLookup lookup = client.lookup("oslo-1").block(WAIT);
      assertThat(lookup).as("answer %d", i).isInstanceOf(RegistryLookup.Unavailable.class);
      assertThat(((RegistryLookup.Unavailable) lookup).reason())
          .as("answer %d", i)
          .startsWith("the station registry answered");
    }
    assertThat(next).hasValue(garbage.size());
  }

  @Test
  void anOpenBreakerAnswersWithoutCallingTheRegistry() {
    AtomicInteger calls = new AtomicInteger();
    String url =
        serve(
            request -> {
              calls.incrementAndGet();
              return Mono.just(ServerResponse.text("broken").withStatus(500));
            });
    RegistryClient client = client(url, tightBreaker());
    client.lookup("oslo-1").block(WAIT);
    client.lookup("oslo-1").block(WAIT);
    assertThat(client.breakerState()).isEqualTo(CircuitBreaker.State.OPEN);

    RegistryLookup lookup = client.lookup("oslo-1").block(WAIT);

    assertThat(lookup)
        .isEqualTo(
            new RegistryLookup.Unavailable(
                "the station registry was not asked: it failed repeatedly and its circuit"
                    + " breaker is open"));
    assertThat(calls).hasValue(2);
  }

  private static ServerResponse json(String body) {
    return ServerResponse.bytes(body.getBytes(StandardCharsets.UTF_8), "application/json");
  }

  private String serve(RequestHandler handler) {
    RunningHttpServer server =
        HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .routes(Routes.create().get("/stations/{id}", handler))
            .bindNow(WAIT);
    servers.add(server);
    return "http://127.0.0.1:" + server.port();
  }

  /** A client with a timeout generous enough for a cold JVM on a loaded machine. */
  private RegistryClient client(String url, CircuitBreakerConfig breaker) {
    return client(url, Duration.ofSeconds(5), breaker);
  }

  private RegistryClient client(String url, Duration timeout, CircuitBreakerConfig breaker) {
    RegistryClient client = RegistryClient.create(url, timeout, breaker);
    clients.add(client);
    return client;
  }

  private static CircuitBreakerConfig breaker() {
    return CircuitBreakerConfig.custom().slidingWindowSize(100).minimumNumberOfCalls(100).build();
  }

  private static CircuitBreakerConfig tightBreaker() {
    return CircuitBreakerConfig.custom()
        .slidingWindowSize(2)
        .minimumNumberOfCalls(2)
        .failureRateThreshold(100)
        .waitDurationInOpenState(Duration.ofMinutes(5))
        .build();
  }
}
