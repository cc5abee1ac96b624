package io.sluice.net.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.netty.ByteBufFlux;
import reactor.test.StepVerifier;

class HttpServerTests extends ServerTestSupport {

  record Order(String item, int quantity) {}

  private static final Routes ROUTES =
      Routes.create()
          .get(
              "/hello/{name}",
              request ->
                  Mono.just(
                      ServerResponse.text(
                          "Hello "
                              + request.pathParam("name")
                              + request.queryParam("suffix").orElse(""))))
          .get("/hello/world", request -> Mono.just(ServerResponse.text("literal wins")))
          .get(
              "/rest/{*tail}",
              request -> Mono.just(ServerResponse.text("tail=" + request.pathParam("tail"))))
          .post(
              "/orders",
              request ->
                  request
                      .bodyJson(Order.class)
                      .map(
                          order ->
                              ServerResponse.json(new Order(order.item(), order.quantity() * 2))
                                  .withStatus(201)))
          .put("/orders", request -> Mono.just(ServerResponse.status(204)))
          .get("/boom", request -> Mono.error(new IllegalStateException("secret internals")))
          .get(
              "/thrown",
              request -> {
                throw new IllegalStateException("thrown internals");
              })
          .get(
              "/conflict",
              request ->
                  Mono.error(new ProblemException(409, "Order 7 is shipped", Map.of("order", 7))))
          .get("/empty", request -> Mono.empty())
          .get("/slow", request -> Mono.never())
          .post("/echo", request -> request.bodyText().map(ServerResponse::text));

  @Test
  void routesByPathTemplateWithPathAndQueryParameters() {
    RunningHttpServer server = start(ROUTES);

    StepVerifier.create(get(server, "/hello/J%C3%BCrgen%20K?suffix=%21"))
        .expectNext("200 Hello Jürgen K!")
        .verifyComplete();
    StepVerifier.create(get(server, "/hello/world"))
        .expectNext("200 literal wins")
        .verifyComplete();
    StepVerifier.create(get(server, "/rest/a/b/c")).expectNext("200 tail=a/b/c").verifyComplete();
  }

  @Test
  void readsAndWritesJson() {
    RunningHttpServer server = start(ROUTES);

    StepVerifier.create(
            client(server)
                .headers(headers -> headers.set("content-type", "application/json"))
                .post()
                .uri("/orders")
                .send(ByteBufFlux.fromString(Mono.just("{\"item\":\"tea\",\"quantity\":2}")))
                .responseSingle(
                    (response, body) ->
                        body.asString()
                            .map(
                                text ->
                                    response.status().code()
                                        + " "
                                        + response.responseHeaders().get("content-type")
                                        + " "
                                        + text)))
        .expectNext("201 application/json {\"item\":\"tea\",\"quantity\":4}")
        .verifyComplete();
  }

  @Test
  void malformedJsonIsA400NamingTheLocationAndTheServerKeepsServing() throws Exception {
    RunningHttpServer server = start(ROUTES);
    String body = "{\"item\":\"tea\",\n\"quantity\": 2,,}";

    try (RawHttp http = new RawHttp(server.port())) {
      RawHttp.Response response =
          http.send(
                  "POST /orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                      + "Content-Length: "
                      + body.length()
                      + "\r\n\r\n"
                      + body)
              .read();

      assertThat(response.status()).isEqualTo(400);
      assertThat(response.headers()).containsEntry("content-type", "application/problem+json");
      assertThat(response.body())
          .contains("\"status\":400")
          .contains("Malformed JSON at line 2, column 15")
          .contains("\"line\":2")
          .contains("\"instance\":\"/orders\"");
      // same connection still serves
      assertThat(http.send("GET /hello/again HTTP/1.1\r\nHost: x\r\n\r\n").read().body())
          .isEqualTo("Hello again");
    }
  }

  @Test
  void jsonOfTheWrongShapeIsA400NamingThePointer() {
    RunningHttpServer server = start(ROUTES);

    StepVerifier.create(
            client(server)
                .post()
                .uri("/orders")
                .send(ByteBufFlux.fromString(Mono.just("{\"item\":\"tea\",\"quantity\":\"lots\"}")))
                .responseSingle(
                    (response, body) ->
                        body.asString().map(text -> response.status().code() + " " + text)))
        .assertNext(
            text ->
                assertThat(text)
                    .startsWith("400 ")
                    .contains("\"pointer\":\"/quantity\"")
                    .doesNotContain("HttpServerTests")
                    .doesNotContain("at io."))
        .verifyComplete();
  }

  @Test
  void aBodyOfAnotherMediaTypeIsA415() {
    RunningHttpServer server = start(ROUTES);

    StepVerifier.create(
            client(server)
                .headers(headers -> headers.set("content-type", "text/plain"))
                .post()
                .uri("/orders")
                .send(ByteBufFlux.fromString(Mono.just("tea")))
                .responseSingle(
                    (response, body) ->
                        body.asString().map(text -> response.status().code() + " " + text)))
        .assertNext(text -> assertThat(text).startsWith("415 ").contains("text/plain"))
        .verifyComplete();
  }

  @Test
  void aSmallUnreadBodyIsDiscardedSoTheAnswerArrivesAndTheConnectionIsReused() throws Exception {
    RunningHttpServer server = start(ROUTES);
    byte[] body = new byte[100_000];
    java.util.Arrays.fill(body, (byte) 'x');

    try (RawHttp http = new RawHttp(server.port())) {
      http.send(
              "POST /orders HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                  + "Content-Length: "
                  + body.length
                  + "\r\n\r\n")
          .send(body);
      RawHttp.Response rejected = http.read();
      assertThat(rejected.status()).isEqualTo(415);
      assertThat(rejected.headers()).doesNotContainEntry("connection", "close");

      RawHttp.Response next = http.send("GET /hello/again HTTP/1.1\r\nHost: x\r\n\r\n").read();
      assertThat(next.status()).isEqualTo(200);
      assertThat(next.body()).isEqualTo("Hello again");
    }
  }

  @Test
  void anUnreadBodyOverTheDiscardLimitIsAnsweredAndTheConnectionClosed() throws Exception {
    RunningHttpServer server = start(ROUTES);

    try (RawHttp http = new RawHttp(server.port())) {
      http.send(
          "POST /orders HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
              + "Content-Length: "
              + (ServerEngine.DISCARD_LIMIT + 1)
              + "\r\n\r\n");
      RawHttp.Response rejected = http.read();
      assertThat(rejected.status()).isEqualTo(415);
      assertThat(rejected.headers()).containsEntry("connection", "close");
    }
  }

  @Test
  void unknownRoutesAre404AndWrongMethods405WithAllow() throws Exception {
    RunningHttpServer server = start(ROUTES);

    try (RawHttp http = new RawHttp(server.port())) {
      RawHttp.Response notFound = http.send("GET /nothing HTTP/1.1\r\nHost: x\r\n\r\n").read();
      assertThat(notFound.status()).isEqualTo(404);
      assertThat(notFound.body()).contains("No route for GET /nothing");

      RawHttp.Response notAllowed = http.send("DELETE /orders HTTP/1.1\r\nHost: x\r\n\r\n").read();
      assertThat(notAllowed.status()).isEqualTo(405);
      assertThat(notAllowed.headers()).containsEntry("allow", "OPTIONS, POST, PUT");

      RawHttp.Response options = http.send("OPTIONS /orders HTTP/1.1\r\nHost: x\r\n\r\n").read();
      assertThat(options.status()).isEqualTo(204);
      assertThat(options.headers()).containsEntry("allow", "OPTIONS, POST, PUT");

      RawHttp.Response head = http.send("HEAD /hello/x HTTP/1.1\r\nHost: x\r\n\r\n").read0();
      assertThat(head.status()).isEqualTo(200);
      assertThat(head.headers()).containsEntry("content-length", "7");

      assertThat(http.send("GET /hello/x HTTP/1.1\r\nHost: x\r\n\r\n").read().body())
          .isEqualTo("Hello x");
    }
  }

  @Test
  void failedHandlersAre500WithoutInternalsAndProblemsKeepTheirStatus() {
    RunningHttpServer server = start(ROUTES);

    StepVerifier.create(get(server, "/boom"))
        .assertNext(
            text ->
                assertThat(text)
                    .startsWith("500 ")
                    .contains("The server could not handle the request")
                    .doesNotContain("secret")
                    .doesNotContain("Exception"))
        .verifyComplete();
    StepVerifier.create(get(server, "/thrown"))
        .assertNext(text -> assertThat(text).startsWith("500 ").doesNotContain("internals"))
        .verifyComplete();
    StepVerifier.create(get(server, "/empty"))
        .assertNext(text -> assertThat(text).startsWith("500 "))
        .verifyComplete();
    StepVerifier.create(get(server, "/conflict"))
        .assertNext(
            text ->
                assertThat(text)
                    .startsWith("409 ")
                    .contains("\"title\":\"Conflict\"")
                    .contains("\"detail\":\"Order 7 is shipped\"")
                    .contains("\"order\":7"))
        .verifyComplete();
  }

  @Test
  void aHandlerSlowerThanTheRequestTimeoutIsA503() {
    RunningHttpServer server =
        start(HttpServer.create().routes(ROUTES).requestTimeout(Duration.ofMillis(200)));

    StepVerifier.create(get(server, "/slow"))
        .assertNext(text -> assertThat(text).startsWith("503 ").contains("PT0.2S"))
        .verifyComplete();
  }

  @Test
  void aDeclaredBodyOverTheLimitIs413WithoutReadingItAndTheServerKeepsServing() throws Exception {
    RunningHttpServer server = start(HttpServer.create().routes(ROUTES).maxBodySize(1024));

    try (RawHttp http = new RawHttp(server.port())) {
      // announces 1 GiB and sends only a little: the answer must not wait for the rest
      RawHttp.Response response =
          http.send(
                  "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1073741824\r\n\r\n"
                      + "x".repeat(100))
              .read();
      assertThat(response.status()).isEqualTo(413);
      assertThat(response.headers()).containsEntry("connection", "close");
      assertThat(response.body()).contains("larger than 1024 bytes");
      assertThat(http.closedByServer()).isTrue();
    }
    StepVerifier.create(get(server, "/hello/still")).expectNext("200 Hello still").verifyComplete();
  }

  @Test
  void aChunkedBodyGrowingOverTheLimitIs413() throws Exception {
    RunningHttpServer server = start(HttpServer.create().routes(ROUTES).maxBodySize(1024));

    try (RawHttp http = new RawHttp(server.port())) {
      http.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
      for (int i = 0; i < 3; i++) {
        http.send("200\r\n" + "y".repeat(512) + "\r\n");
      }
      RawHttp.Response response = http.read();
      assertThat(response.status()).isEqualTo(413);
      assertThat(http.closedByServer()).isTrue();
    }
  }

  @Test
  void aRequestLineOverTheLimitIs414AndHeadersOverTheLimit431() throws Exception {
    RunningHttpServer server =
        start(
            HttpServer.create()
                .routes(ROUTES)
                .maxRequestLineLength(256)
                .maxHeaderSize(512)
                .serverName("sluice-test"));

    try (RawHttp http = new RawHttp(server.port())) {
      RawHttp.Response response =
          http.send("GET /hello/" + "a".repeat(400) + " HTTP/1.1\r\nHost: x\r\n\r\n").read();
      assertThat(response.status()).isEqualTo(414);
      assertThat(response.headers())
          .containsEntry("content-type", "application/problem+json")
          .containsEntry("server", "sluice-test")
          .containsKey("date");
      assertThat(response.body()).contains("\"status\":414");
      assertThat(http.closedByServer()).isTrue();
    }
    try (RawHttp http = new RawHttp(server.port())) {
      RawHttp.Response response =
          http.send("GET /hello/x HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(1000) + "\r\n\r\n")
              .read();
      assertThat(response.status()).isEqualTo(431);
      assertThat(response.body()).contains("\"status\":431");
      assertThat(http.closedByServer()).isTrue();
    }
    StepVerifier.create(get(server, "/hello/still")).expectNext("200 Hello still").verifyComplete();
  }

  @Test
  void slowlyDribbledHeadersGetTheConnectionClosedAfterTheHeaderTimeout() throws Exception {
    RunningHttpServer server =
        start(HttpServer.create().routes(ROUTES).headerTimeout(Duration.ofMillis(500)));

    try (RawHttp http = new RawHttp(server.port())) {
      long start = System.nanoTime();
      http.send("GET /hello/x HTTP/1.1\r\n");
      boolean closed = false;
      for (int i = 0; i < 40 && !closed; i++) {
        try {
          http.send("X-Drip-" + i + ": 1\r\n");
          http.socket.setSoTimeout(100);
          closed = http.in.available() > 0 || http.closedByServer();
        } catch (java.io.IOException e) {
          closed = true;
        }
      }
      long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
      assertThat(closed).isTrue();
      assertThat(elapsedMillis).isBetween(400L, 3_000L);
    }
    StepVerifier.create(get(server, "/hello/still")).expectNext("200 Hello still").verifyComplete();
  }

  @Test
  void aBodySentAfter100ContinueIsNotCutByTheHeaderTimeout() throws Exception {
    RunningHttpServer server =
        start(HttpServer.create().routes(ROUTES).headerTimeout(Duration.ofMillis(300)));
    String body = "{\"item\":\"tea\",\"quantity\":2}";

    try (RawHttp http = new RawHttp(server.port())) {
      http.send(
          "POST /orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
              + "Expect: 100-continue\r\nContent-Length: "
              + body.length()
              + "\r\n\r\n");
      assertThat(http.read0().status()).isEqualTo(100);
      http.send(body.substring(0, 5));
      Thread.sleep(1_000); // the body trickles in for longer than the header timeout
      http.send(body.substring(5));
      RawHttp.Response created = http.read();
      assertThat(created.status()).isEqualTo(201);
      assertThat(created.body()).contains("\"quantity\":4");
    }
  }

  @Test
  void everyResponseCarriesDateAndTheAccessLogSeesEachRequest() {
    List<AccessLogEntry> log = new CopyOnWriteArrayList<>();
    RunningHttpServer server =
        start(HttpServer.create().routes(ROUTES).serverName("sluice").accessLog(log::add));

    StepVerifier.create(
            client(server)
                .get()
                .uri("/hello/log")
                .responseSingle(
                    (response, body) ->
                        body.asString()
                            .map(
                                text ->
                                    response.responseHeaders().get("server")
                                        + " "
                                        + (response.responseHeaders().get("date") != null))))
        .expectNext("sluice true")
        .verifyComplete();
    StepVerifier.create(get(server, "/nothing")).expectNextCount(1).verifyComplete();

    assertThat(log)
        .extracting(
            entry ->
                entry.method() + " " + entry.uri() + " " + entry.status() + " " + entry.bytesSent())
        .containsExactly("GET /hello/log 200 9", "GET /nothing 404 " + log.get(1).bytesSent());
    assertThat(log.get(0).toString()).contains("\"GET /hello/log HTTP/1.1\" 200 9");
  }

  @Test
  void theDateHeaderIsTheTimeOfTheResponseNotOfTheRequest() {
    Sinks.One<Long> arrived = Sinks.one();
    Sinks.One<ServerResponse> answer = Sinks.one();
    RunningHttpServer server =
        start(
            Routes.create()
                .get(
                    "/late",
                    request -> {
                      arrived.tryEmitValue(System.currentTimeMillis() / 1000);
                      return answer.asMono();
                    }));

    Mono<String> date =
        client(server)
            .get()
            .uri("/late")
            .responseSingle(
                (response, body) ->
                    body.then(Mono.fromSupplier(() -> response.responseHeaders().get("date"))));
    Mono<Long> answered =
        arrived
            .asMono()
            .publishOn(Schedulers.boundedElastic())
            .map(
                second -> {
                  // answer once the wall clock is in a later second than the request's arrival
                  while (System.currentTimeMillis() / 1000 <= second) {
                    LockSupport.parkNanos(10_000_000);
                  }
                  answer.tryEmitValue(ServerResponse.text("late"));
                  return second + 1;
                });

    StepVerifier.create(Mono.zip(date, answered))
        .assertNext(
            dateAndSecond ->
                assertThat(
                        ZonedDateTime.parse(
                                dateAndSecond.getT1(), DateTimeFormatter.RFC_1123_DATE_TIME)
                            .toEpochSecond())
                    .isGreaterThanOrEqualTo(dateAndSecond.getT2()))
        .expectComplete()
        .verify(Duration.ofSeconds(10));
  }

  @Test
  void theRequestBodyCanBeConsumedOnce() {
    RunningHttpServer server =
        start(
            Routes.create()
                .post(
                    "/twice",
                    request -> request.body().then(request.bodyText()).map(ServerResponse::text)));

    StepVerifier.create(
            client(server)
                .post()
                .uri("/twice")
                .send(
                    ByteBufFlux.fromString(
                        Flux.just("a", "b"),
                        StandardCharsets.UTF_8,
                        io.netty.buffer.ByteBufAllocator.DEFAULT))
                .responseSingle(
                    (response, body) ->
                        body.asString().map(text -> response.status().code() + " " + text)))
        .assertNext(text -> assertThat(text).startsWith("500 "))
        .verifyComplete();
  }
}
