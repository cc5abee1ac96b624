package io.sluice.net.http.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.sluice.net.Quiescence;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class SseClientTests {

  private final List<String> lastEventIds = new CopyOnWriteArrayList<>();
  private final AtomicInteger streamConnections = new AtomicInteger();
  private final AtomicLong endlessEventsWritten = new AtomicLong();
  private final AtomicBoolean endlessCancelled = new AtomicBoolean();
  private final AtomicInteger plainHits = new AtomicInteger();
  private LoopbackHttpServer server;
  private HttpClient client;

  @BeforeEach
  void start() {
    server =
        new LoopbackHttpServer(
            routes ->
                routes
                    .get(
                        "/events",
                        (request, response) -> {
                          String last = request.requestHeaders().get("Last-Event-ID");
                          lastEventIds.add(last == null ? "<none>" : last);
                          int connection = streamConnections.incrementAndGet();
                          if (connection == 1) {
                            // Sends two events, then drops the connection without ending the
                            // stream.
                            return response
                                .header("Content-Type", "text/event-stream")
                                .sendString(
                                    Flux.just(
                                            "retry: 50\n\n",
                                            ": heartbeat\n\n",
                                            "id: 1\nevent: greeting\ndata: hello\ndata: world\n\n",
                                            "id: 2\r\ndata: second\r\n\r\n")
                                        .concatWith(Flux.error(new IOException("dropped"))));
                          }
                          if (connection == 2) {
                            // Ends the stream normally after one event.
                            return response
                                .header("Content-Type", "text/event-stream")
                                .sendString(Mono.just("id: 3\ndata: third\n\n"));
                          }
                          return response.status(HttpResponseStatus.NO_CONTENT).send();
                        })
                    .get(
                        "/endless-events",
                        (request, response) ->
                            response
                                .header("Content-Type", "text/event-stream")
                                .sendString(
                                    Flux.<String>generate(
                                            sink ->
                                                sink.next(
                                                    "id: "
                                                        + endlessEventsWritten.incrementAndGet()
                                                        + "\ndata: "
                                                        + "e".repeat(1000)
                                                        + "\n\n"))
                                        .doOnCancel(() -> endlessCancelled.set(true))))
                    .get(
                        "/not-events",
                        (request, response) -> {
                          plainHits.incrementAndGet();
                          return response.sendString(Mono.just("plain"));
                        }));
    client = HttpClient.builder().baseUrl(server.baseUrl()).build();
  }

  @AfterEach
  void stop() {
    client.close().block(Duration.ofSeconds(5));
    server.close();
  }

  @Test
  void eventsArriveWithIdsAndTheClientResumesWithLastEventIdAfterTheServerDrops() {
    // The initial delay is long: only the server's "retry: 50" lets this finish in time.
    SseOptions options = SseOptions.defaults().withReconnectDelay(Duration.ofSeconds(20));

    StepVerifier.create(client.get("/events").events(options))
        .expectNext(new ServerSentEvent("1", "greeting", "hello\nworld"))
        .expectNext(new ServerSentEvent("2", "message", "second"))
        .expectNext(new ServerSentEvent("3", "message", "third"))
        .expectComplete()
        .verify(Duration.ofSeconds(10));

    assertThat(lastEventIds).containsExactly("<none>", "2", "3");
  }

  @Test
  void aGivenLastEventIdIsSentOnTheFirstRequest() {
    StepVerifier.create(
            client
                .get("/events")
                .events(SseOptions.defaults().withLastEventId("41").withMaxReconnects(0))
                .take(1))
        .expectNext(new ServerSentEvent("1", "greeting", "hello\nworld"))
        .verifyComplete();
    assertThat(lastEventIds).containsExactly("41");
  }

  @Test
  void eventsAreReadOnlyOnDemandAndCancellingDisconnects() {
    StepVerifier.create(client.get("/endless-events").events(), 0)
        .thenRequest(3)
        .expectNextCount(3)
        .then(
            () -> {
              long written =
                  // Socket buffers fill in about a second; a starved machine needs longer.
                  Quiescence.await(
                      endlessEventsWritten::get, Duration.ofMillis(300), Duration.ofSeconds(40));
              assertThat(written * 1000).isLessThan(32L * 1024 * 1024);
            })
        .thenCancel()
        .verify(Duration.ofSeconds(60));
    Quiescence.until(endlessCancelled::get, Duration.ofSeconds(5));
  }

  @Test
  void aResponseThatIsNotAnEventStreamFailsWithoutReconnecting() {
    StepVerifier.create(
            client
                .get("/not-events")
                .events(SseOptions.defaults().withReconnectDelay(Duration.ZERO)))
        .expectErrorSatisfies(
            error ->
                assertThat(error)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("text/event-stream"))
        .verify(Duration.ofSeconds(10));
    assertThat(plainHits).hasValue(1);
  }

  @Test
  void anEventLargerThanMaxEventSizeFailsTheStream() {
    StepVerifier.create(
            client.get("/endless-events").events(SseOptions.defaults().withMaxEventSize(100)))
        .expectErrorSatisfies(
            error ->
                assertThat(error)
                    .isInstanceOfSatisfying(
                        HttpResponseTooLargeException.class,
                        e -> assertThat(e.limit()).isEqualTo("maxEventSize")))
        .verify(Duration.ofSeconds(10));
  }
}
