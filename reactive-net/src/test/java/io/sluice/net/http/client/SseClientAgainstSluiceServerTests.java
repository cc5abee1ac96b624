package io.sluice.net.http.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.net.http.HttpServer;
import io.sluice.net.http.Routes;
import io.sluice.net.http.RunningHttpServer;
import io.sluice.net.http.ServerResponse;
import io.sluice.net.http.SseEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Sluice's SSE client reading Sluice's SSE server: ids, retry, heartbeats and resumption. */
class SseClientAgainstSluiceServerTests {

  @Test
  void theClientResumesFromTheLastEventIdAndIgnoresHeartbeats() {
    List<String> lastEventIds = new CopyOnWriteArrayList<>();
    RunningHttpServer server =
        HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .routes(
                Routes.create()
                    .get(
                        "/ticks",
                        request -> {
                          String last = request.header("Last-Event-ID");
                          lastEventIds.add(last == null ? "<none>" : last);
                          int from = last == null ? 1 : Integer.parseInt(last) + 1;
                          // Three events per connection, then the stream ends; heartbeats every
                          // 20 ms in between.
                          Flux<SseEvent> events =
                              Flux.range(from, 3)
                                  .delayElements(Duration.ofMillis(50))
                                  .map(
                                      i ->
                                          SseEvent.data("tick " + i)
                                              .withId(Integer.toString(i))
                                              .withRetry(Duration.ofMillis(10)));
                          return Mono.just(ServerResponse.sse(events, Duration.ofMillis(20)));
                        }))
            .bindNow(Duration.ofSeconds(10));
    HttpClient client = HttpClient.builder().baseUrl("http://127.0.0.1:" + server.port()).build();
    try {
      StepVerifier.create(
              client
                  .get("/ticks")
                  .events(SseOptions.defaults().withReconnectDelay(Duration.ofSeconds(20)))
                  .take(7))
          .expectNext(new ServerSentEvent("1", "message", "tick 1"))
          .expectNextCount(5)
          .expectNext(new ServerSentEvent("7", "message", "tick 7"))
          .expectComplete()
          .verify(Duration.ofSeconds(15));
      assertThat(lastEventIds).containsExactly("<none>", "3", "6");
    } finally {
      client.close().block(Duration.ofSeconds(5));
      server.dispose();
    }
  }
}
