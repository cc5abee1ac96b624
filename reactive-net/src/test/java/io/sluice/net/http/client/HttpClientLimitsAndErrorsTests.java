package io.sluice.net.http.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.sluice.net.tcp.RunningTcpServer;
import io.sluice.net.tcp.TcpServer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.core.type.TypeReference;

class HttpClientLimitsAndErrorsTests {

  private final AtomicBoolean chunkedSourceCancelled = new AtomicBoolean();
  private LoopbackHttpServer server;
  private HttpClient client;

  @BeforeEach
  void start() {
    server =
        new LoopbackHttpServer(
            routes ->
                routes
                    .get(
                        "/big-declared",
                        (request, response) ->
                            response
                                .header("Content-Length", "2048")
                                .sendByteArray(Mono.just(new byte[2048])))
                    .get(
                        "/big-chunked",
                        (request, response) ->
                            response.sendByteArray(
                                Flux.range(0, 1000)
                                    .map(i -> new byte[512])
                                    .doOnCancel(() -> chunkedSourceCancelled.set(true))))
                    .get(
                        "/small",
                        (request, response) ->
                            response
                                .header("Content-Type", "application/json")
                                .sendString(
                                    Mono.just("{\"name\":\"sluice\",\"tags\":[\"a\",\"b\"]}")))
                    .get(
                        "/problem",
                        (request, response) ->
                            response
                                .status(HttpResponseStatus.UNPROCESSABLE_ENTITY)
                                .header("Content-Type", "application/problem+json")
                                .sendString(
                                    Mono.just(
                                        "{\"type\":\"https://example.org/out-of-stock\","
                                            + "\"title\":\"Out of stock\",\"status\":422,"
                                            + "\"detail\":\"Item 7 is sold out\",\"item\":7}")))
                    .get(
                        "/plain-error",
                        (request, response) ->
                            response
                                .status(HttpResponseStatus.NOT_FOUND)
                                .sendString(Mono.just("no such thing")))
                    .get(
                        "/huge-error",
                        (request, response) ->
                            response
                                .status(HttpResponseStatus.INTERNAL_SERVER_ERROR)
                                .sendByteArray(Flux.range(0, 200).map(i -> new byte[1024])))
                    .post(
                        "/echo-json",
                        (request, response) ->
                            response
                                .header("Content-Type", "application/json")
                                .send(request.receive().retain())));
    client =
        HttpClient.builder()
            .baseUrl(server.baseUrl())
            .maxResponseSize(1024)
            .retry(HttpRetry.none())
            .build();
  }

  @AfterEach
  void stop() {
    client.close().block(Duration.ofSeconds(5));
    server.close();
  }

  record Project(String name, List<String> tags) {}

  @Test
  void jsonReadsTheBodyIntoAType() {
    StepVerifier.create(client.get("/small").json(Project.class))
        .expectNext(new Project("sluice", List.of("a", "b")))
        .verifyComplete();
  }

  @Test
  void jsonReadsGenericTypes() {
    StepVerifier.create(client.get("/small").json(new TypeReference<Map<String, Object>>() {}))
        .assertNext(map -> assertThat(map).containsEntry("name", "sluice"))
        .verifyComplete();
  }

  @Test
  void aJsonBodyIsWrittenWithItsContentType() {
    StepVerifier.create(
            client.post("/echo-json").jsonBody(new Project("p", List.of("x"))).exchange())
        .assertNext(
            response -> {
              assertThat(response.status()).isEqualTo(200);
              assertThat(response.json(Project.class)).isEqualTo(new Project("p", List.of("x")));
            })
        .verifyComplete();
  }

  @Test
  void aDeclaredContentLengthOverTheLimitFailsBeforeReading() {
    StepVerifier.create(client.get("/big-declared").bytes())
        .expectErrorSatisfies(
            error ->
                assertThat(error)
                    .isInstanceOfSatisfying(
                        HttpResponseTooLargeException.class,
                        e -> {
                          assertThat(e.limit()).isEqualTo("maxResponseSize");
                          assertThat(e.maxBytes()).isEqualTo(1024);
                          assertThat(e.uri()).endsWith("/big-declared");
                        }))
        .verify(Duration.ofSeconds(10));
  }

  @Test
  void aHeadResponseAnnouncingALargeBodyIsNotTooLarge() {
    // A raw peer, so that the HEAD response carries the Content-Length of the body it omits.
    RunningTcpServer raw =
        TcpServer.create()
            .host("127.0.0.1")
            .handle(
                connection ->
                    connection
                        .send(
                            Mono.just(
                                ByteBuffer.wrap(
                                    "HTTP/1.1 200 OK\r\nContent-Length: 2048\r\n\r\n"
                                        .getBytes(StandardCharsets.US_ASCII))))
                        .then(connection.receive().then()))
            .bindNow(Duration.ofSeconds(10));
    try {
      StepVerifier.create(client.head("http://127.0.0.1:" + raw.port() + "/").exchange())
          .assertNext(
              response -> {
                assertThat(response.header("content-length")).isEqualTo("2048");
                assertThat(response.body()).isEmpty();
              })
          .verifyComplete();
    } finally {
      raw.close().block(Duration.ofSeconds(5));
    }
  }

  @Test
  void aChunkedBodyGrowingOverTheLimitFailsAndStopsTheTransfer() {
    StepVerifier.create(client.get("/big-chunked").string())
        .expectError(HttpResponseTooLargeException.class)
        .verify(Duration.ofSeconds(10));
    io.sluice.net.Quiescence.until(chunkedSourceCancelled::get, Duration.ofSeconds(5));
  }

  @Test
  void streamedBodiesAreNotLimitedByMaxResponseSize() {
    StepVerifier.create(
            client.get("/big-chunked").chunks().map(b -> (long) b.remaining()).reduce(Long::sum))
        .expectNext(512_000L)
        .verifyComplete();
  }

  @Test
  void aProblemResponseBecomesAnExceptionCarryingStatusAndProblem() {
    StepVerifier.create(client.get("/problem").json(Project.class))
        .expectErrorSatisfies(
            error ->
                assertThat(error)
                    .isInstanceOfSatisfying(
                        HttpStatusException.class,
                        e -> {
                          assertThat(e.status()).isEqualTo(422);
                          assertThat(e.method()).isEqualTo("GET");
                          assertThat(e.problem()).isNotNull();
                          assertThat(e.problem().title()).isEqualTo("Out of stock");
                          assertThat(e.problem().detail()).isEqualTo("Item 7 is sold out");
                          assertThat(e.problem().type())
                              .isEqualTo("https://example.org/out-of-stock");
                          assertThat(e.problem().extensions()).containsEntry("item", 7);
                          assertThat(e.getMessage())
                              .contains("422", "Out of stock", "Item 7 is sold out");
                        }))
        .verify(Duration.ofSeconds(10));
  }

  @Test
  void aPlainErrorKeepsItsBodyAndHasNoProblem() {
    StepVerifier.create(client.get("/plain-error").lines())
        .expectErrorSatisfies(
            error ->
                assertThat(error)
                    .isInstanceOfSatisfying(
                        HttpStatusException.class,
                        e -> {
                          assertThat(e.status()).isEqualTo(404);
                          assertThat(e.body()).isEqualTo("no such thing");
                          assertThat(e.problem()).isNull();
                          assertThat(e.bodyTruncated()).isFalse();
                        }))
        .verify(Duration.ofSeconds(10));
  }

  @Test
  void anErrorBodyIsKeptOnlyUpToItsLimit() {
    StepVerifier.create(client.get("/huge-error").string())
        .expectErrorSatisfies(
            error ->
                assertThat(error)
                    .isInstanceOfSatisfying(
                        HttpStatusException.class,
                        e -> {
                          assertThat(e.status()).isEqualTo(500);
                          assertThat(e.body()).hasSize(HttpStatusException.MAX_BODY_LENGTH);
                          assertThat(e.bodyTruncated()).isTrue();
                        }))
        .verify(Duration.ofSeconds(10));
  }

  @Test
  void exchangeReturnsAnyStatusWithoutFailing() {
    StepVerifier.create(client.get("/plain-error").exchange())
        .assertNext(
            response -> {
              assertThat(response.status()).isEqualTo(404);
              assertThat(response.bodyAsString()).isEqualTo("no such thing");
            })
        .verifyComplete();
  }
}
