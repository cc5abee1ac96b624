package io.sluice.net.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.net.Stall;
import io.sluice.net.http.HttpServer;
import io.sluice.net.http.Routes;
import io.sluice.net.http.RunningHttpServer;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

class WebSocketTests {

  private RunningHttpServer server;

  private URI start(Routes routes) {
    server =
        HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .routes(routes)
            .bindNow(Duration.ofSeconds(10));
    return URI.create("ws://127.0.0.1:" + server.port() + "/ws");
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.dispose();
    }
  }

  @Test
  void echoesTextAndBinaryMessages() {
    URI uri = start(Routes.create().websocket("/ws", session -> session.send(session.receive())));
    List<WebSocketMessage> sent =
        List.of(
            WebSocketMessage.text("hello"),
            WebSocketMessage.binary(ByteBuffer.wrap(new byte[] {1, 2, 3})),
            WebSocketMessage.text("x".repeat(20_000)));

    AtomicReference<List<WebSocketMessage>> received = new AtomicReference<>();
    StepVerifier.create(
            WebSocketClient.create()
                .connect(
                    uri,
                    session ->
                        session
                            .send(Flux.fromIterable(sent))
                            .thenMany(session.receive().take(3))
                            .collectList()
                            .doOnNext(received::set)
                            .then()))
        .expectComplete()
        .verify(Duration.ofSeconds(10));
    assertThat(received.get()).containsExactlyElementsOf(sent);
  }

  @Test
  void pingsAreAnsweredWithPongs() {
    URI uri = start(Routes.create().websocket("/ws", session -> session.receive().then()));
    ByteBuffer payload = ByteBuffer.wrap("are you there".getBytes(StandardCharsets.UTF_8));

    StepVerifier.create(
            WebSocketClient.create()
                .connect(
                    uri,
                    session ->
                        session
                            .send(Mono.just(WebSocketMessage.ping(payload)))
                            .then(session.receive().next())
                            .doOnNext(
                                pong -> {
                                  assertThat(pong.type()).isEqualTo(WebSocketMessage.Type.PONG);
                                  assertThat(pong.payload()).isEqualTo(payload);
                                })
                            .then()))
        .expectComplete()
        .verify(Duration.ofSeconds(10));
  }

  @Test
  void closeCodesReachThePeer() {
    Sinks.One<WebSocketCloseStatus> seenByServer = Sinks.one();
    URI uri =
        start(
            Routes.create()
                .websocket(
                    "/ws",
                    session -> session.closeStatus().doOnNext(seenByServer::tryEmitValue).then()));

    StepVerifier.create(
            WebSocketClient.create()
                .connect(uri, session -> session.close(WebSocketCloseStatus.of(4000, "done here"))))
        .expectComplete()
        .verify(Duration.ofSeconds(10));
    StepVerifier.create(seenByServer.asMono())
        .expectNext(new WebSocketCloseStatus(4000, "done here"))
        .expectComplete()
        .verify(Duration.ofSeconds(5));

    URI closing =
        start(
            Routes.create()
                .websocket(
                    "/ws", session -> session.close(WebSocketCloseStatus.of(1008, "policy"))));
    StepVerifier.create(
            WebSocketClient.create()
                .connect(
                    closing,
                    session ->
                        session
                            .closeStatus()
                            .doOnNext(status -> assertThat(status.code()).isEqualTo(1008))
                            .then()))
        .expectComplete()
        .verify(Duration.ofSeconds(10));
  }

  @Test
  void aSlowReceiverPacesTheSender() throws Exception {
    AtomicLong produced = new AtomicLong();
    CountDownLatch cancelled = new CountDownLatch(1);
    String payload = "y".repeat(16_000);
    URI uri =
        start(
            Routes.create()
                .websocket(
                    "/ws",
                    session ->
                        session.send(
                            Flux.<WebSocketMessage>generate(
                                    sink -> {
                                      produced.incrementAndGet();
                                      sink.next(WebSocketMessage.text(payload));
                                    })
                                .doOnCancel(cancelled::countDown))));

    AtomicLong received = new AtomicLong();
    Sinks.Empty<Void> release = Sinks.empty();
    reactor.core.Disposable client =
        WebSocketClient.create()
            .connect(
                uri,
                session ->
                    session
                        .receive()
                        .limitRate(1)
                        .concatMap(
                            message -> {
                              received.incrementAndGet();
                              return received.get() >= 5
                                  ? release.asMono().thenReturn(message)
                                  : Mono.just(message);
                            },
                            0)
                        .then())
            .subscribe();
    try {
      long stalled = Stall.await(produced);
      // 16 KB per message: only socket buffers' worth is produced while the client takes nothing
      assertThat(stalled * 16_000).isLessThan(32L << 20);
      assertThat(received.get()).isEqualTo(5);
    } finally {
      client.dispose();
    }
    assertThat(cancelled.await(2, TimeUnit.SECONDS)).isTrue();
  }
}
