package io.sluice.net.http.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class HttpClientRetryTests {

  private final AtomicInteger unavailableHits = new AtomicInteger();
  private final AtomicInteger flakyHits = new AtomicInteger();
  private LoopbackHttpServer server;
  private HttpClient client;

  @BeforeEach
  void start() {
    server =
        new LoopbackHttpServer(
            routes ->
                routes
                    .route(
                        request -> request.uri().startsWith("/unavailable"),
                        (request, response) -> {
                          unavailableHits.incrementAndGet();
                          return response
                              .status(HttpResponseStatus.SERVICE_UNAVAILABLE)
                              .sendString(Mono.just("busy"));
                        })
                    .get(
                        "/flaky",
                        (request, response) ->
                            flakyHits.incrementAndGet() <= 2
                                ? response
                                    .status(HttpResponseStatus.SERVICE_UNAVAILABLE)
                                    .sendString(Mono.just("busy"))
                                : response.sendString(Mono.just("ok"))));
    client =
        HttpClient.builder()
            .baseUrl(server.baseUrl())
            .retry(
                HttpRetry.defaults()
                    .withMaxRetries(2)
                    .withBackoff(Duration.ofMillis(10), Duration.ofMillis(50)))
            .build();
  }

  @AfterEach
  void stop() {
    client.close().block(Duration.ofSeconds(5));
    server.close();
  }

  @Test
  void aGetAnswered503IsRetriedUntilTheRetriesRunOut() {
    StepVerifier.create(client.get("/unavailable").string())
        .expectErrorSatisfies(
            error -> {
              assertThat(error).isInstanceOf(HttpStatusException.class);
              assertThat(((HttpStatusException) error).status()).isEqualTo(503);
              assertThat(error.getSuppressed()).hasSize(2);
            })
        .verify(Duration.ofSeconds(10));
    assertThat(unavailableHits).hasValue(3);
  }

  @Test
  void aGetSucceedsWhenARetryIsAnsweredOk() {
    StepVerifier.create(client.get("/flaky").string()).expectNext("ok").verifyComplete();
    assertThat(flakyHits).hasValue(3);
  }

  @Test
  void aPostAnswered503IsNeverRetried() {
    StepVerifier.create(client.post("/unavailable").body("order").string())
        .expectErrorSatisfies(
            error -> assertThat(((HttpStatusException) error).status()).isEqualTo(503))
        .verify(Duration.ofSeconds(10));
    assertThat(unavailableHits).hasValue(1);
  }

  @Test
  void aPatchAnswered503IsNeverRetried() {
    StepVerifier.create(client.patch("/unavailable").body("x").string())
        .expectError(HttpStatusException.class)
        .verify(Duration.ofSeconds(10));
    assertThat(unavailableHits).hasValue(1);
  }

  @Test
  void aRefusedConnectionIsRetriedForAnyMethodAndReportsEveryAttempt() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    for (String method : new String[] {"GET", "POST"}) {
      StepVerifier.create(
              client.request(method, "http://127.0.0.1:" + closedPort + "/nothing").string())
          .expectErrorSatisfies(
              error -> {
                assertThat(error).isInstanceOf(ConnectException.class);
                assertThat(error.getSuppressed())
                    .hasSize(2)
                    .allSatisfy(
                        earlier -> assertThat(earlier).isInstanceOf(ConnectException.class));
              })
          .verify(Duration.ofSeconds(10));
    }
  }

  @Test
  void backoffDoublesFromTheMinimumStaysUnderTheMaximumAndVariesByTheJitter() {
    HttpRetry retry =
        HttpRetry.defaults()
            .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1))
            .withJitter(0.5);
    for (int i = 0; i < 200; i++) {
      assertThat(ClientExchange.backoff(retry, 0))
          .isBetween(Duration.ofMillis(100), Duration.ofMillis(150));
      assertThat(ClientExchange.backoff(retry, 2))
          .isBetween(Duration.ofMillis(200), Duration.ofMillis(600));
      assertThat(ClientExchange.backoff(retry, 10))
          .isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
      assertThat(ClientExchange.backoff(retry, 100))
          .isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
    }
    HttpRetry steady = retry.withJitter(0);
    assertThat(ClientExchange.backoff(steady, 1)).isEqualTo(Duration.ofMillis(200));
  }

  @Test
  void withoutRetriesAGetIsSentOnce() {
    HttpClient once = client.toBuilder().retry(HttpRetry.none()).build();
    try {
      StepVerifier.create(once.get("/unavailable").string())
          .expectError(HttpStatusException.class)
          .verify(Duration.ofSeconds(10));
      assertThat(unavailableHits).hasValue(1);
    } finally {
      once.close().block(Duration.ofSeconds(5));
    }
  }
}
