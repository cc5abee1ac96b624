package io.sluice.net.http.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;

class HttpClientTimeoutAndPoolTests {

  private LoopbackHttpServer server;
  private HttpClient client;

  @BeforeEach
  void start() {
    server =
        new LoopbackHttpServer(
            routes ->
                routes
                    .get("/hello", (request, response) -> response.sendString(Mono.just("hello")))
                    .get(
                        "/slow",
                        (request, response) ->
                            Mono.delay(Duration.ofSeconds(10))
                                .then(response.sendString(Mono.just("late")).then()))
                    .get(
                        "/slow-stream",
                        (request, response) ->
                            response.sendString(
                                Flux.concat(
                                    Mono.just("start\n"),
                                    Flux.interval(Duration.ofMillis(700))
                                        .take(2)
                                        .map(i -> "tick " + i + "\n")))));
    client =
        HttpClient.builder()
            .baseUrl(server.baseUrl())
            .responseTimeout(Duration.ofMillis(500))
            .maxIdleTime(Duration.ofMillis(150))
            // One connection per host: a second request can only get the first one's connection.
            .maxConnections(1)
            .retry(HttpRetry.none())
            .build();
  }

  @AfterEach
  void stop() {
    client.close().block(Duration.ofSeconds(5));
    server.close();
  }

  @Test
  void aServerThatDoesNotAnswerInTimeFailsWithAResponseTimeout() {
    StepVerifier.create(client.get("/slow").string())
        .expectErrorSatisfies(
            error ->
                assertThat(error)
                    .isInstanceOfSatisfying(
                        HttpClientTimeoutException.class,
                        e -> {
                          assertThat(e.phase())
                              .isEqualTo(HttpClientTimeoutException.Phase.RESPONSE);
                          assertThat(e.timeout()).isEqualTo(Duration.ofMillis(500));
                          assertThat(e.uri()).endsWith("/slow");
                        }))
        .verify(Duration.ofSeconds(10));
  }

  @Test
  void theResponseTimeoutDoesNotLimitASlowStreamOnceHeadersArrived() {
    StepVerifier.create(client.get("/slow-stream").lines())
        .expectNext("start", "tick 0", "tick 1")
        .verifyComplete();
  }

  @Test
  void aHostThatDoesNotAcceptConnectionsFailsWithAConnectTimeout() throws IOException {
    List<Socket> fillers = new ArrayList<>();
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      // Fill the accept queue of a listener that never accepts: the kernel drops further SYNs.
      for (int i = 0; i < 8; i++) {
        Socket filler = new Socket();
        fillers.add(filler);
        try {
          filler.connect(
              new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort()), 200);
        } catch (SocketTimeoutException full) {
          break;
        }
      }
      HttpClient impatient = client.toBuilder().connectTimeout(Duration.ofMillis(300)).build();
      try {
        StepVerifier.create(
                impatient.get("http://127.0.0.1:" + listener.getLocalPort() + "/").string())
            .expectErrorSatisfies(
                error ->
                    assertThat(error)
                        .isInstanceOfSatisfying(
                            HttpClientTimeoutException.class,
                            e ->
                                assertThat(e.phase())
                                    .isEqualTo(HttpClientTimeoutException.Phase.CONNECT)))
            .verify(Duration.ofSeconds(10));
      } finally {
        impatient.close().block(Duration.ofSeconds(5));
      }
    } finally {
      for (Socket filler : fillers) {
        filler.close();
      }
    }
  }

  @Test
  void aConnectionIsReusedWhileFreshAndNotAfterMaxIdleTime() {
    HttpClient patient = client.toBuilder().maxIdleTime(Duration.ofSeconds(30)).build();
    try {
      StepVerifier.create(patient.get("/hello").string()).expectNext("hello").verifyComplete();
      StepVerifier.create(patient.get("/hello").string()).expectNext("hello").verifyComplete();
      assertThat(server.connections).hasValue(1);
    } finally {
      patient.close().block(Duration.ofSeconds(5));
    }

    StepVerifier.create(client.get("/hello").string()).expectNext("hello").verifyComplete();
    assertThat(server.connections).hasValue(2);
    Mono.delay(Duration.ofMillis(300)).block();
    StepVerifier.create(client.get("/hello").string()).expectNext("hello").verifyComplete();
    assertThat(server.connections).hasValue(3);
  }

  @Test
  void aConnectionTheServerClosedWhileIdleIsNeverReused() {
    // The server closes idle connections after 1 s; the client retires them after 150 ms.
    try (LoopbackHttpServer closing =
            new LoopbackHttpServer(
                HttpServer.create().idleTimeout(Duration.ofSeconds(1)),
                routes ->
                    routes.get(
                        "/hello", (request, response) -> response.sendString(Mono.just("hello"))));
        ClosingClient idle =
            new ClosingClient(client.toBuilder().responseTimeout(Duration.ofSeconds(5)).build())) {
      // Warms up the client's code paths, so that a cold JVM cannot hit the server's timeout.
      StepVerifier.create(idle.client().get(closing.baseUrl() + "/hello").string().retry(2))
          .expectNext("hello")
          .verifyComplete();
      Mono.delay(Duration.ofMillis(1100)).block();
      int warmUp = closing.connections.get();
      for (int i = 1; i <= 2; i++) {
        StepVerifier.create(idle.client().get(closing.baseUrl() + "/hello").string())
            .expectNext("hello")
            .verifyComplete();
        assertThat(closing.connections).hasValue(warmUp + i);
        Mono.delay(Duration.ofMillis(1100)).block();
      }
    }
  }
}
