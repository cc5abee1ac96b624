package io.sluice.net.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.net.Stall;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class StreamingResponseTests extends ServerTestSupport {

  @Test
  void ndjsonWritesOneDocumentPerLine() {
    RunningHttpServer server =
        start(
            Routes.create()
                .get(
                    "/rows",
                    request ->
                        Mono.just(
                            ServerResponse.ndjson(Flux.range(1, 3).map(i -> Map.of("id", i))))));

    StepVerifier.create(
            client(server)
                .get()
                .uri("/rows")
                .responseSingle(
                    (response, body) ->
                        body.asString()
                            .map(
                                text ->
                                    response.responseHeaders().get("content-type")
                                        + "|"
                                        + response.responseHeaders().get("transfer-encoding")
                                        + "|"
                                        + text)))
        .expectNext("application/x-ndjson|chunked|{\"id\":1}\n{\"id\":2}\n{\"id\":3}\n")
        .verifyComplete();
  }

  @Test
  void jsonArrayIsWrittenElementByElementAndEmptyAsBrackets() {
    RunningHttpServer server =
        start(
            Routes.create()
                .get(
                    "/array",
                    request ->
                        Mono.just(
                            ServerResponse.jsonArray(Flux.range(1, 3).map(i -> Map.of("id", i)))))
                .get("/none", request -> Mono.just(ServerResponse.jsonArray(Flux.empty()))));

    StepVerifier.create(get(server, "/array"))
        .expectNext("200 [{\"id\":1},{\"id\":2},{\"id\":3}]")
        .verifyComplete();
    StepVerifier.create(get(server, "/none")).expectNext("200 []").verifyComplete();
  }

  @Test
  void chunksAreStreamedAsTheyCome() {
    RunningHttpServer server =
        start(
            Routes.create()
                .get(
                    "/chunks",
                    request ->
                        Mono.just(
                            ServerResponse.stream(
                                Flux.just("a", "b", "c")
                                    .delayElements(Duration.ofMillis(20))
                                    .map(s -> ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8))),
                                "text/plain"))));

    StepVerifier.create(
            client(server).get().uri("/chunks").responseContent().asString().collectList())
        .assertNext(chunks -> assertThat(String.join("", chunks)).isEqualTo("abc"))
        .verifyComplete();
  }

  @Test
  void aClientThatStopsReadingStopsAnEndlessSourceAndDisconnectingCancelsIt() throws Exception {
    AtomicLong produced = new AtomicLong();
    CountDownLatch cancelled = new CountDownLatch(1);
    String padding = "x".repeat(8000);
    RunningHttpServer server =
        start(
            Routes.create()
                .get(
                    "/endless",
                    request ->
                        Mono.just(
                            ServerResponse.ndjson(
                                Flux.<Map<String, Object>>generate(
                                        sink ->
                                            sink.next(
                                                Map.of(
                                                    "n",
                                                    produced.incrementAndGet(),
                                                    "pad",
                                                    padding)))
                                    .doOnCancel(cancelled::countDown)))));

    long stalledAt;
    try (RawHttp http = new RawHttp(server.port())) {
      http.send("GET /endless HTTP/1.1\r\nHost: x\r\n\r\n");
      // the client reads nothing: production must stall
      stalledAt = Stall.await(produced);
      Thread.sleep(500);
      assertThat(produced.get()).as("no growth once stalled").isEqualTo(stalledAt);
      // roughly 8 KB per element: a stalled stream holds a few socket buffers' worth
      assertThat(stalledAt * 8020)
          .as("bytes produced while the client did not read")
          .isLessThan(16L << 20);
      assertThat(cancelled.getCount()).isEqualTo(1);
    }
    long closedAt = System.nanoTime();
    assertThat(cancelled.await(1, TimeUnit.SECONDS)).as("source cancelled within 1 s").isTrue();
    assertThat(System.nanoTime() - closedAt).isLessThan(TimeUnit.SECONDS.toNanos(1));
  }
}
