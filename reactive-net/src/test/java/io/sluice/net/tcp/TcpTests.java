package io.sluice.net.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.codec.FrameTooLongException;
import io.sluice.codec.LengthPrefixOptions;
import io.sluice.codec.LineOptions;
import io.sluice.codec.LineTooLongException;
import io.sluice.net.Quiescence;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class TcpTests {

  private RunningTcpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close().block(Duration.ofSeconds(5));
    }
  }

  private TcpClient clientOf(RunningTcpServer bound) {
    return TcpClient.create().host("127.0.0.1").port(bound.port());
  }

  @Test
  void linesAreEchoedBackUppercased() {
    server =
        TcpServer.create()
            .host("127.0.0.1")
            .handle(
                connection ->
                    connection.send(
                        connection.receive(TcpFraming.lines()).map(String::toUpperCase),
                        TcpFraming.lines()))
            .bind()
            .block(Duration.ofSeconds(10));

    Flux<String> replies =
        clientOf(server)
            .connect(
                connection ->
                    connection
                        .receive(TcpFraming.lines())
                        .mergeWith(
                            connection
                                .send(Flux.just("alpha", "beta", "gamma"), TcpFraming.lines())
                                .then(Mono.empty()))
                        .take(3));

    StepVerifier.create(replies).expectNext("ALPHA", "BETA", "GAMMA").verifyComplete();
  }

  @Test
  void lengthPrefixedFramesAreEchoedWhole() {
    server =
        TcpServer.create()
            .host("127.0.0.1")
            .handle(
                connection ->
                    connection.send(
                        connection.receive(TcpFraming.lengthPrefixed()),
                        TcpFraming.lengthPrefixed()))
            .bind()
            .block(Duration.ofSeconds(10));
    byte[] big = new byte[200_000];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) i;
    }

    Flux<ByteBuffer> replies =
        clientOf(server)
            .connect(
                connection ->
                    connection
                        .receive(TcpFraming.lengthPrefixed())
                        .mergeWith(
                            connection
                                .send(
                                    Flux.just(
                                        ByteBuffer.wrap(new byte[0]),
                                        ByteBuffer.wrap("small".getBytes(StandardCharsets.UTF_8)),
                                        ByteBuffer.wrap(big)),
                                    TcpFraming.lengthPrefixed())
                                .then(Mono.empty()))
                        .take(3));

    StepVerifier.create(replies)
        .expectNextMatches(frame -> !frame.hasRemaining())
        .expectNext(ByteBuffer.wrap("small".getBytes(StandardCharsets.UTF_8)))
        .expectNext(ByteBuffer.wrap(big))
        .verifyComplete();
  }

  @Test
  void aHandlerThatStopsReadingPacesTheSender() {
    AtomicLong consumed = new AtomicLong();
    server =
        TcpServer.create()
            .host("127.0.0.1")
            .handle(
                connection ->
                    connection
                        .receive(TcpFraming.lines())
                        // Takes ten lines, then never asks for another.
                        .concatMap(
                            line -> consumed.incrementAndGet() < 10 ? Mono.empty() : Mono.never(),
                            0)
                        .then())
            .bind()
            .block(Duration.ofSeconds(10));
    AtomicLong sent = new AtomicLong();
    String line = "y".repeat(1023);
    Flux<String> endless = Flux.generate(sink -> sink.next(sent.incrementAndGet() + line));

    Disposable sender =
        clientOf(server)
            .connect(connection -> connection.send(endless, TcpFraming.lines()))
            .subscribe();
    try {
      Quiescence.until(() -> consumed.get() == 10, Duration.ofSeconds(10));
      long settled = Quiescence.await(sent::get, Duration.ofMillis(300), Duration.ofSeconds(15));
      assertThat(consumed).hasValue(10);
      // Bounded by socket buffers and Netty's outbound buffer, not by the 1 KiB lines on offer.
      assertThat(settled * 1024).isLessThan(64L * 1024 * 1024);
    } finally {
      sender.dispose();
    }
  }

  @Test
  void aLineOverTheMaximumFailsWithFrameTooLong() {
    server =
        TcpServer.create()
            .host("127.0.0.1")
            .handle(
                connection ->
                    connection.send(Flux.just("short", "x".repeat(100)), TcpFraming.lines()))
            .bind()
            .block(Duration.ofSeconds(10));

    StepVerifier.create(
            clientOf(server)
                .connect(
                    c -> c.receive(TcpFraming.lines(LineOptions.defaults().withMaxLineLength(16)))))
        .expectNext("short")
        .expectErrorSatisfies(
            error ->
                assertThat(error)
                    .isInstanceOfSatisfying(
                        LineTooLongException.class,
                        e -> {
                          assertThat(e.maxLineLength()).isEqualTo(16);
                          assertThat(e.lineNumber()).isEqualTo(2);
                        }))
        .verify(Duration.ofSeconds(10));
  }

  @Test
  void aDeclaredFrameLengthOverTheMaximumFailsBeforeThePayloadIsRead() {
    AtomicReference<Throwable> serverError = new AtomicReference<>();
    server =
        TcpServer.create()
            .host("127.0.0.1")
            .handle(
                connection ->
                    connection
                        .receive(
                            TcpFraming.lengthPrefixed(
                                LengthPrefixOptions.defaults().withMaxFrameLength(1024)))
                        .doOnError(serverError::set)
                        .then()
                        .onErrorResume(error -> Mono.empty()))
            .bind()
            .block(Duration.ofSeconds(10));
    ByteBuffer header = ByteBuffer.allocate(4).putInt(Integer.MAX_VALUE).flip();

    StepVerifier.create(clientOf(server).connect(c -> c.send(Mono.just(header)).then(c.onClose())))
        .verifyComplete();
    assertThat(serverError.get())
        .isInstanceOfSatisfying(
            FrameTooLongException.class,
            e -> {
              assertThat(e.frameLength()).isEqualTo(Integer.MAX_VALUE);
              assertThat(e.maxFrameLength()).isEqualTo(1024);
            });
  }

  @Test
  void theClientClosesItsConnectionWhenTheFunctionCompletes() {
    AtomicLong closed = new AtomicLong();
    server =
        TcpServer.create()
            .host("127.0.0.1")
            .handle(
                connection ->
                    connection.receive().then().doFinally(signal -> closed.incrementAndGet()))
            .bind()
            .block(Duration.ofSeconds(10));

    StepVerifier.create(
            clientOf(server).connect(c -> c.send(Mono.just(ByteBuffer.wrap(new byte[] {1})))))
        .verifyComplete();
    Quiescence.until(() -> closed.get() == 1, Duration.ofSeconds(5));
  }

  @Test
  void connectingToAClosedPortFailsWithConnectException() throws Exception {
    int port;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    StepVerifier.create(TcpClient.create().host("127.0.0.1").port(port).connect(c -> c.receive()))
        .expectError(java.net.ConnectException.class)
        .verify(Duration.ofSeconds(10));
  }
}
