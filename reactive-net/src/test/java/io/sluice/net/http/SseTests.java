package io.sluice.net.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class SseTests extends ServerTestSupport {

  @Test
  void eventsArriveWithIdsNamesAndRetry() {
    RunningHttpServer server =
        start(
            Routes.create()
                .get(
                    "/events",
                    request ->
                        Mono.just(
                            ServerResponse.sse(
                                Flux.range(1, 3)
                                    .map(
                                        i ->
                                            SseEvent.data("line " + i + "\nsecond")
                                                .withId(Integer.toString(i))
                                                .withEvent("tick"))
                                    .startWith(
                                        SseEvent.comment("hello")
                                            .withRetry(Duration.ofSeconds(2)))))));

    StepVerifier.create(
            client(server)
                .get()
                .uri("/events")
                .responseSingle(
                    (response, body) ->
                        body.asString()
                            .map(
                                text ->
                                    response.responseHeaders().get("content-type") + "\n" + text)))
        .expectNext(
            """
            text/event-stream; charset=utf-8
            :hello
            retry:2000

            id:1
            event:tick
            data:line 1
            data:second

            id:2
            event:tick
            data:line 2
            data:second

            id:3
            event:tick
            data:line 3
            data:second

            """)
        .verifyComplete();
  }

  @Test
  void heartbeatCommentsFlowWhileNoEventIsSent() {
    RunningHttpServer server =
        start(
            Routes.create()
                .get(
                    "/quiet",
                    request ->
                        Mono.just(ServerResponse.sse(Flux.never(), Duration.ofMillis(100)))));

    StepVerifier.create(
            client(server).get().uri("/quiet").responseContent().asString().take(2).collectList())
        .assertNext(
            chunks -> assertThat(String.join("", chunks)).isEqualTo(":heartbeat\n\n:heartbeat\n\n"))
        .verifyComplete();
  }

  @Test
  void aClientThatDisconnectsCancelsTheSourceWithinASecond() throws Exception {
    CountDownLatch cancelled = new CountDownLatch(1);
    RunningHttpServer server =
        start(
            Routes.create()
                .get(
                    "/live",
                    request ->
                        Mono.just(
                            ServerResponse.sse(
                                Flux.interval(Duration.ofMillis(20))
                                    .map(i -> SseEvent.data("tick").withId(Long.toString(i)))
                                    .doOnCancel(cancelled::countDown),
                                Duration.ofSeconds(30)))));

    List<String> received =
        client(server)
            .get()
            .uri("/live")
            .responseContent()
            .asString()
            .take(3)
            .collectList()
            .block(Duration.ofSeconds(10));
    long disconnectedAt = System.nanoTime();

    assertThat(String.join("", received)).startsWith("id:0\ndata:tick\n\nid:1\n");
    assertThat(cancelled.await(1, TimeUnit.SECONDS)).as("source cancelled within 1 s").isTrue();
    assertThat(System.nanoTime() - disconnectedAt).isLessThan(TimeUnit.SECONDS.toNanos(1));
  }
}
