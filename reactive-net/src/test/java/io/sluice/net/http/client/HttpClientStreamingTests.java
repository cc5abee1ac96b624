package io.sluice.net.http.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.codec.LineTooLongException;
import io.sluice.net.Quiescence;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class HttpClientStreamingTests {

  private static final String LINE = "x".repeat(1023);
  private static final long BOUND = 32L * 1024 * 1024;

  private final AtomicLong linesWritten = new AtomicLong();
  private final AtomicBoolean sourceCancelled = new AtomicBoolean();
  private final AtomicLong bytesUploaded = new AtomicLong();
  private LoopbackHttpServer server;
  private HttpClient client;

  @BeforeEach
  void start() {
    server =
        new LoopbackHttpServer(
            routes ->
                routes
                    .get(
                        "/endless",
                        (request, response) ->
                            response.sendString(
                                Flux.<String>generate(
                                        sink ->
                                            sink.next(linesWritten.incrementAndGet() + LINE + "\n"))
                                    .doOnCancel(() -> sourceCancelled.set(true))))
                    .get(
                        "/ndjson",
                        (request, response) ->
                            response.sendString(
                                Flux.range(1, 3)
                                    .map(i -> "{\"id\":" + i + ",\"name\":\"n" + i + "\"}\n")
                                    .concatWithValues("\n")))
                    .get(
                        "/lines-crlf",
                        (request, response) -> response.sendString(Mono.just("a\r\nb\rc\nlast")))
                    .post(
                        "/upload",
                        (request, response) ->
                            request
                                .receive()
                                .map(buf -> (long) buf.readableBytes())
                                .reduce(0L, Long::sum)
                                .flatMap(
                                    n -> {
                                      bytesUploaded.set(n);
                                      return response.sendString(Mono.just("got " + n)).then();
                                    })));
    client = HttpClient.builder().baseUrl(server.baseUrl()).build();
  }

  @AfterEach
  void stop() {
    client.close().block(Duration.ofSeconds(5));
    server.close();
  }

  @Test
  void aClientRequestingFiveLinesOfAnEndlessStreamMakesTheServerWriteABoundedAmount() {
    StepVerifier.create(client.get("/endless").lines(), 0)
        .thenRequest(5)
        .expectNextCount(5)
        .then(
            () -> {
              long written =
                  Quiescence.await(
                      linesWritten::get, Duration.ofMillis(300), Duration.ofSeconds(10));
              assertThat(written * 1024).isLessThan(BOUND);
            })
        .thenRequest(3)
        .expectNextCount(3)
        .thenCancel()
        .verify(Duration.ofSeconds(20));
  }

  @Test
  void chunksAreReadOnlyOnDemand() {
    StepVerifier.create(client.get("/endless").chunks(), 0)
        .thenRequest(2)
        .expectNextMatches(ByteBuffer::hasRemaining)
        .expectNextMatches(ByteBuffer::hasRemaining)
        .then(
            () -> {
              long written =
                  Quiescence.await(
                      linesWritten::get, Duration.ofMillis(300), Duration.ofSeconds(10));
              assertThat(written * 1024).isLessThan(BOUND);
            })
        .thenCancel()
        .verify(Duration.ofSeconds(20));
  }

  @Test
  void cancellingAStreamingResponseClosesTheConnectionAndCancelsTheServersSource() {
    StepVerifier.create(client.get("/endless").lines().take(3)).expectNextCount(3).verifyComplete();

    Quiescence.until(sourceCancelled::get, Duration.ofSeconds(5));
    // The pool is still usable after the abandoned response.
    StepVerifier.create(client.get("/ndjson").lines().count()).expectNext(4L).verifyComplete();
  }

  @Test
  void linesEndWithLfOrCrLfAndTheLastLineNeedsNoTerminator() {
    StepVerifier.create(client.get("/lines-crlf").lines())
        .expectNext("a", "b\rc", "last")
        .verifyComplete();
  }

  record Item(int id, String name) {}

  @Test
  void ndjsonStreamsOneObjectPerLineAndSkipsBlankLines() {
    StepVerifier.create(client.get("/ndjson").ndjson(Item.class), 0)
        .thenRequest(1)
        .expectNext(new Item(1, "n1"))
        .thenRequest(5)
        .expectNext(new Item(2, "n2"), new Item(3, "n3"))
        .verifyComplete();
  }

  @Test
  void aStreamedRequestBodyIsSentChunkByChunk() {
    Flux<ByteBuffer> body = Flux.range(0, 64).map(i -> ByteBuffer.wrap(new byte[16 * 1024]));

    StepVerifier.create(client.post("/upload").body(body).string())
        .expectNext("got " + 64 * 16 * 1024)
        .verifyComplete();
  }

  @Test
  void aLineLongerThanMaxLineLengthFailsTheStream() {
    HttpClient strict = client.toBuilder().maxLineLength(100).build();
    try {
      StepVerifier.create(strict.get("/endless").lines())
          .expectErrorSatisfies(
              error ->
                  assertThat(error)
                      .isInstanceOfSatisfying(
                          LineTooLongException.class,
                          e -> {
                            assertThat(e.maxLineLength()).isEqualTo(100);
                            assertThat(e.lineNumber()).isEqualTo(1);
                          }))
          .verify(Duration.ofSeconds(10));
    } finally {
      strict.close().block(Duration.ofSeconds(5));
    }
    Quiescence.until(sourceCancelled::get, Duration.ofSeconds(5));
  }
}
