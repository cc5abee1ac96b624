package io.sluice.net.udp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class UdpTests {

  private UdpSocket echo;
  private UdpSocket peer;

  @BeforeEach
  void bind() {
    UdpEndpoint loopback = UdpEndpoint.create().host("127.0.0.1");
    echo = loopback.bindNow(Duration.ofSeconds(10));
    peer = loopback.bind().block(Duration.ofSeconds(10));
  }

  @AfterEach
  void close() {
    echo.close().block(Duration.ofSeconds(5));
    peer.close().block(Duration.ofSeconds(5));
  }

  @Test
  void aDatagramMakesTheRoundTrip() {
    Disposable echoing =
        echo.send(echo.receive().map(d -> Datagram.of("echo " + d.text(), d.address())))
            .subscribe();
    try {
      StepVerifier.create(
              peer.receive()
                  .doOnSubscribe(
                      s ->
                          peer.send(Flux.just(Datagram.of("ping", echo.localAddress())))
                              .subscribe())
                  .take(1))
          .assertNext(
              reply -> {
                assertThat(reply.text()).isEqualTo("echo ping");
                assertThat(reply.address()).isEqualTo(echo.localAddress());
              })
          .verifyComplete();
    } finally {
      echoing.dispose();
    }
  }

  @Test
  void receivedDatagramsArriveAsAFluxOnDemand() {
    StepVerifier.create(
            peer.send(Flux.range(1, 5).map(i -> Datagram.of("d" + i, echo.localAddress())))
                .thenMany(echo.receive()),
            0)
        .thenRequest(2)
        .assertNext(d -> assertThat(d.text()).isEqualTo("d1"))
        .assertNext(d -> assertThat(d.text()).isEqualTo("d2"))
        .expectNoEvent(Duration.ofMillis(100))
        .thenRequest(3)
        .assertNext(d -> assertThat(d.address()).isEqualTo(peer.localAddress()))
        .expectNextCount(2)
        .thenCancel()
        .verify(Duration.ofSeconds(10));
  }

  @Test
  void aLargeDatagramIsReceivedWhole() {
    byte[] payload = new byte[60_000];
    payload[59_999] = 42;
    StepVerifier.create(
            peer.send(
                    Flux.just(new Datagram(java.nio.ByteBuffer.wrap(payload), echo.localAddress())))
                .thenMany(echo.receive())
                .take(1))
        .assertNext(
            d -> {
              assertThat(d.content().remaining()).isEqualTo(60_000);
              assertThat(d.content().get(59_999)).isEqualTo((byte) 42);
            })
        .verifyComplete();
  }

  @Test
  void closingTheSocketCompletesItsReceiver() {
    StepVerifier.create(echo.receive()).then(() -> echo.close().subscribe()).verifyComplete();
  }
}
