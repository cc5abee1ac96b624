package io.sluice.net.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sluice.codec.LineOptions;
import io.sluice.net.Stall;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

class RequestBodyTests extends ServerTestSupport {

  @Test
  void aHandlerThatStopsConsumingStopsTheSender() throws Exception {
    AtomicLong consumed = new AtomicLong();
    AtomicReference<Subscription> upstream = new AtomicReference<>();
    RunningHttpServer server =
        start(
            HttpServer.create()
                .maxBodySize(Long.MAX_VALUE)
                .requestTimeout(java.time.Duration.ZERO)
                .routes(
                    Routes.create()
                        .post(
                            "/upload",
                            request -> {
                              Sinks.One<ServerResponse> done = Sinks.one();
                              request
                                  .body()
                                  .subscribe(
                                      new BaseSubscriber<ByteBuffer>() {
                                        @Override
                                        protected void hookOnSubscribe(Subscription s) {
                                          upstream.set(s);
                                          s.request(1);
                                        }

                                        @Override
                                        protected void hookOnNext(ByteBuffer chunk) {
                                          consumed.addAndGet(chunk.remaining());
                                        }

                                        @Override
                                        protected void hookOnComplete() {
                                          done.tryEmitValue(
                                              ServerResponse.text(Long.toString(consumed.get())));
                                        }
                                      });
                              return done.asMono();
                            })));
    long total = 64L << 20;
    AtomicLong sent = new AtomicLong();
    try (RawHttp http = new RawHttp(server.port())) {
      http.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: " + total + "\r\n\r\n");
      CompletableFuture<Void> sender =
          CompletableFuture.runAsync(
              () -> {
                byte[] block = new byte[64 * 1024];
                try {
                  while (sent.get() < total) {
                    http.out.write(block);
                    sent.addAndGet(block.length);
                  }
                  http.out.flush();
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
      await(upstream);
      long stalled = Stall.await(sent);
      // the handler took one chunk; only socket buffers hold the rest of what was sent
      assertThat(consumed.get()).isLessThanOrEqualTo(64 * 1024);
      assertThat(stalled).as("bytes the sender could write").isLessThan(32L << 20);
      upstream.get().request(Long.MAX_VALUE);
      sender.get(30, TimeUnit.SECONDS);
      RawHttp.Response response = http.read();
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.body()).isEqualTo(Long.toString(total));
    }
  }

  @Test
  void aBodyNobodyReadsGetsTheConnectionClosedInsteadOfDrained() throws Exception {
    RunningHttpServer server =
        start(
            Routes.create().post("/ignore", request -> Mono.just(ServerResponse.text("ignored"))));

    try (RawHttp http = new RawHttp(server.port())) {
      RawHttp.Response response =
          http.send("POST /ignore HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\nabc")
              .read();
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.headers()).containsEntry("connection", "close");
      assertThat(http.closedByServer()).isTrue();
    }
  }

  @Test
  void aRouteWithItsOwnBodyLimitAcceptsMoreThanTheServersAndTheOthersKeepTheServers()
      throws Exception {
    RequestHandler count =
        request ->
            request
                .body()
                .reduce(0L, (total, chunk) -> total + chunk.remaining())
                .map(total -> ServerResponse.text(Long.toString(total)));
    RunningHttpServer server =
        start(
            HttpServer.create()
                .maxBodySize(1000)
                .routes(
                    Routes.create()
                        .post("/small", count)
                        .post("/uploads", count)
                        .put("/uploads", count)
                        .maxBodySize("/uploads", 100_000)));
    String body = "z".repeat(50_000);
    for (String method : List.of("POST", "PUT")) {
      try (RawHttp http = new RawHttp(server.port())) {
        http.send(method + " /uploads HTTP/1.1\r\nHost: x\r\nContent-Length: 50000\r\n\r\n" + body);
        assertThat(http.read().body()).isEqualTo("50000");
      }
    }
    try (RawHttp http = new RawHttp(server.port())) {
      RawHttp.Response response =
          http.send("POST /small HTTP/1.1\r\nHost: x\r\nContent-Length: 50000\r\n\r\n").read();
      assertThat(response.status()).isEqualTo(413);
      assertThat(response.body()).contains("larger than 1000 bytes");
    }
    try (RawHttp http = new RawHttp(server.port())) {
      http.send(chunkedPost("/uploads", null));
      for (int i = 0; i < 3; i++) {
        http.chunk(utf8(body));
      }
      RawHttp.Response response = http.endChunks().read();
      assertThat(response.status()).isEqualTo(413);
      assertThat(response.body()).contains("larger than 100000 bytes");
    }
  }

  @Test
  void aRouteBodyLimitNeedsAnExistingRouteAndACount() {
    Routes routes = Routes.create().post("/uploads", request -> Mono.empty());
    assertThatThrownBy(() -> routes.maxBodySize("/upload", 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'/upload'");
    assertThatThrownBy(() -> routes.maxBodySize("/uploads", -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxBodySize must not be negative, but was -1");
  }

  /** Waits until the handler has subscribed to the body: only then can the sender be paced. */
  private static void await(AtomicReference<Subscription> subscribed) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (subscribed.get() == null && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(subscribed.get()).as("the handler subscribed to the body").isNotNull();
  }

  record Item(String name, int quantity) {}

  record Trade(String symbol, int quantity) {}

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String chunkedPost(String path, String contentType) {
    return "POST "
        + path
        + " HTTP/1.1\r\nHost: x\r\n"
        + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
        + "Transfer-Encoding: chunked\r\n\r\n";
  }

  @Test
  void bodyLinesAreSplitWhereverTheChunksEndAndDecodedInTheDeclaredCharset() throws Exception {
    RunningHttpServer server =
        start(
            Routes.create()
                .post(
                    "/lines",
                    request ->
                        request
                            .bodyLines()
                            .collectList()
                            .map(lines -> ServerResponse.text(String.join("|", lines)))));
    byte[] body = utf8("alpha\r\nbéta\n\ngamma");
    int inE = "alpha\r\nb".length() + 1; // between the two bytes of 'é'
    try (RawHttp http = new RawHttp(server.port())) {
      http.send(chunkedPost("/lines", "text/plain"))
          .chunk(java.util.Arrays.copyOfRange(body, 0, 6)) // ends between \r and \n
          .chunk(java.util.Arrays.copyOfRange(body, 6, inE))
          .chunk(java.util.Arrays.copyOfRange(body, inE, body.length))
          .endChunks();
      RawHttp.Response response = http.read();
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("alpha|béta||gamma");
      assertThat(response.headers()).doesNotContainKey("connection");
      // the body was read to its end: the connection serves the next request
      http.send(chunkedPost("/lines", "text/plain; charset=ISO-8859-1"))
          .chunk(new byte[] {'d', (byte) 0xE9, 'j', (byte) 0xE0, '\n', 'v', 'u'})
          .endChunks();
      assertThat(http.read().body()).isEqualTo("déjà|vu");
    }
  }

  @Test
  void ndjsonValuesAreDecodedAsTheBodyStreamsIn() {
    RunningHttpServer server =
        start(
            Routes.create()
                .post(
                    "/items",
                    request ->
                        request
                            .bodyNdjson(Item.class)
                            .reduce(
                                new long[2],
                                (sum, item) -> {
                                  sum[0]++;
                                  sum[1] += item.quantity();
                                  return sum;
                                })
                            .map(sum -> ServerResponse.text(sum[0] + " items, " + sum[1]))));
    StringBuilder ndjson = new StringBuilder();
    for (int i = 1; i <= 500; i++) {
      ndjson.append("{\"name\":\"item-").append(i).append("\",\"quantity\":").append(i);
      ndjson.append(i % 10 == 0 ? "}\r\n\n" : "}\n"); // CRLF and blank lines too
    }
    byte[] bytes = utf8(ndjson.toString());
    List<ByteBuf> pieces = new ArrayList<>();
    for (int at = 0, size = 1; at < bytes.length; at += size, size = size % 97 + 13) {
      pieces.add(Unpooled.wrappedBuffer(bytes, at, Math.min(size, bytes.length - at)));
    }
    StepVerifier.create(
            client(server)
                .headers(headers -> headers.set("content-type", "application/x-ndjson"))
                .post()
                .uri("/items")
                .send(Flux.fromIterable(pieces))
                .responseSingle(
                    (response, body) ->
                        body.asString().map(text -> response.status().code() + " " + text)))
        .expectNext("200 500 items, " + (500L * 501 / 2))
        .expectComplete()
        .verify(Duration.ofSeconds(30));
  }

  @Test
  void aMalformedNdjsonLineIsA400NamingTheLineAndTheServerKeepsServing() throws Exception {
    AtomicLong seenBeforeTheError = new AtomicLong();
    RunningHttpServer server =
        start(
            Routes.create()
                .post(
                    "/items",
                    request ->
                        request
                            .bodyNdjson(Item.class)
                            .doOnNext(item -> seenBeforeTheError.incrementAndGet())
                            .count()
                            .map(count -> ServerResponse.text(count + " items"))));
    String good = "{\"name\":\"a\",\"quantity\":1}\n";
    try (RawHttp http = new RawHttp(server.port())) {
      http.send(chunkedPost("/items", "application/x-ndjson"))
          .chunk(utf8(good + good + "{\"name\":\"b\",\n" + good))
          .endChunks();
      RawHttp.Response response = http.read();
      assertThat(response.status()).isEqualTo(400);
      assertThat(response.headers()).containsEntry("content-type", "application/problem+json");
      assertThat(response.body())
          .contains("\"status\":400", "line 3", "\"line\":3", "\"instance\":\"/items\"");
      assertThat(seenBeforeTheError).hasValue(2);
    }
    try (RawHttp http = new RawHttp(server.port())) {
      http.send(chunkedPost("/items", null))
          .chunk(utf8(good + "\n{\"name\":\"c\",\"quantity\":\"many\"}\n"))
          .endChunks();
      RawHttp.Response response = http.read();
      assertThat(response.status()).isEqualTo(400);
      assertThat(response.body())
          .contains("\"line\":3", "\"pointer\":\"/quantity\"", "Item")
          .doesNotContain("io.sluice", "tools.jackson", "Exception");
    }
    try (RawHttp http = new RawHttp(server.port())) {
      http.send(chunkedPost("/items", "text/csv")).chunk(utf8(good)).endChunks();
      assertThat(http.read().status()).isEqualTo(415);
    }
    try (RawHttp http = new RawHttp(server.port())) {
      http.send(chunkedPost("/items", "application/x-ndjson; charset=utf-8"))
          .chunk(utf8(good + good))
          .endChunks();
      RawHttp.Response response = http.read();
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("2 items");
    }
  }

  @Test
  void linesPastTheBodyLimitOrTheLineLimitAre413() throws Exception {
    RunningHttpServer server =
        start(
            HttpServer.create()
                .maxBodySize(1000)
                .routes(
                    Routes.create()
                        .post(
                            "/lines",
                            request ->
                                request
                                    .bodyLines()
                                    .count()
                                    .map(count -> ServerResponse.text(count + " lines")))
                        .post(
                            "/short-lines",
                            request ->
                                request
                                    .bodyLines(LineOptions.defaults().withMaxLineLength(10))
                                    .count()
                                    .map(count -> ServerResponse.text(count + " lines")))));
    try (RawHttp http = new RawHttp(server.port())) {
      http.send(chunkedPost("/lines", null));
      for (int i = 0; i < 20; i++) {
        http.chunk(utf8("line of text\n".repeat(10)));
      }
      http.endChunks();
      RawHttp.Response response = http.read();
      assertThat(response.status()).isEqualTo(413);
      assertThat(response.body()).contains("larger than 1000 bytes");
    }
    try (RawHttp http = new RawHttp(server.port())) {
      http.send(chunkedPost("/short-lines", null))
          .chunk(utf8("short\nmuch too long a line\nshort\n"))
          .endChunks();
      RawHttp.Response response = http.read();
      assertThat(response.status()).isEqualTo(413);
      assertThat(response.body()).contains("\"line\":2", "Line 2 is longer than 10 bytes");
    }
  }

  @Test
  void csvRecordsBindByHeaderAndABadRecordIsA400NamingTheLine() throws Exception {
    RunningHttpServer server =
        start(
            Routes.create()
                .post(
                    "/trades",
                    request ->
                        request
                            .bodyCsv(Trade.class)
                            .map(Trade::quantity)
                            .reduce(0, Integer::sum)
                            .map(total -> ServerResponse.text("total " + total))));
    try (RawHttp http = new RawHttp(server.port())) {
      http.send(chunkedPost("/trades", "text/csv"))
          .chunk(utf8("quantity,symbol\n3,AAPL\n"))
          .chunk(utf8("4,\"MS"))
          .chunk(utf8("FT\"\r\n"))
          .endChunks();
      assertThat(http.read().body()).isEqualTo("total 7");
    }
    try (RawHttp http = new RawHttp(server.port())) {
      http.send(chunkedPost("/trades", "text/csv"))
          .chunk(utf8("symbol,quantity\nAAPL,3\nMSFT,lots\n"))
          .endChunks();
      RawHttp.Response response = http.read();
      assertThat(response.status()).isEqualTo(400);
      assertThat(response.body()).contains("\"line\":3").doesNotContain("io.sluice");
    }
  }

  @Test
  void aHandlerConsumingLinesSlowlyPacesTheSender() throws Exception {
    AtomicLong linesSeen = new AtomicLong();
    AtomicReference<Subscription> upstream = new AtomicReference<>();
    RunningHttpServer server =
        start(
            HttpServer.create()
                .maxBodySize(Long.MAX_VALUE)
                .requestTimeout(Duration.ZERO)
                .routes(
                    Routes.create()
                        .post(
                            "/lines",
                            request -> {
                              Sinks.One<ServerResponse> done = Sinks.one();
                              request
                                  .bodyLines()
                                  .subscribe(
                                      new BaseSubscriber<String>() {
                                        @Override
                                        protected void hookOnSubscribe(Subscription s) {
                                          upstream.set(s);
                                          s.request(1);
                                        }

                                        @Override
                                        protected void hookOnNext(String line) {
                                          linesSeen.incrementAndGet();
                                        }

                                        @Override
                                        protected void hookOnComplete() {
                                          done.tryEmitValue(
                                              ServerResponse.text(Long.toString(linesSeen.get())));
                                        }
                                      });
                              return done.asMono();
                            })));
    byte[] block = utf8(("x".repeat(999) + "\n").repeat(64)); // 64,000 bytes, 64 lines
    int blocks = 640; // 40.96 MB, more than the stall bound below
    AtomicLong sent = new AtomicLong();
    try (RawHttp http = new RawHttp(server.port())) {
      http.send(
          "POST /lines HTTP/1.1\r\nHost: x\r\nContent-Length: "
              + (long) block.length * blocks
              + "\r\n\r\n");
      CompletableFuture<Void> sender =
          CompletableFuture.runAsync(
              () -> {
                try {
                  for (int i = 0; i < blocks; i++) {
                    http.out.write(block);
                    sent.addAndGet(block.length);
                  }
                  http.out.flush();
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
      await(upstream);
      long stalled = Stall.await(sent);
      assertThat(linesSeen).hasValue(1);
      assertThat(stalled).as("bytes the sender could write").isLessThan(32L << 20);
      upstream.get().request(Long.MAX_VALUE);
      sender.get(30, TimeUnit.SECONDS);
      RawHttp.Response response = http.read();
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.body()).isEqualTo(Long.toString(64L * blocks));
    }
  }
}
