package io.sluice.net.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

class GracefulShutdownTests extends ServerTestSupport {

  @Test
  void shutdownStopsAcceptingAndLetsTheRequestInFlightFinish() throws Exception {
    Sinks.One<ServerResponse> answer = Sinks.one();
    CountDownLatch arrived = new CountDownLatch(1);
    RunningHttpServer server =
        start(
            Routes.create()
                .get(
                    "/slow",
                    request -> {
                      arrived.countDown();
                      return answer.asMono();
                    }));
    int port = server.port();

    try (RawHttp inFlight = new RawHttp(port)) {
      inFlight.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(arrived.await(5, TimeUnit.SECONDS)).isTrue();

      Mono<Void> shutdown = server.shutdown(Duration.ofSeconds(10)).cache();
      shutdown.subscribe();
      server.onDispose().block(Duration.ofSeconds(5));
      assertThatThrownBy(() -> new RawHttp(port).close()).isInstanceOf(ConnectException.class);

      answer.tryEmitValue(ServerResponse.text("finished"));
      RawHttp.Response response = inFlight.read();
      assertThat(response.body()).isEqualTo("finished");
      assertThat(response.headers()).containsEntry("connection", "close");
      StepVerifier.create(shutdown).expectComplete().verify(Duration.ofSeconds(5));
    }
  }

  @Test
  void requestsStillBusyAfterTheTimeoutHaveTheirConnectionsClosed() throws Exception {
    CountDownLatch arrived = new CountDownLatch(1);
    RunningHttpServer server =
        start(
            Routes.create()
                .get(
                    "/never",
                    request -> {
                      arrived.countDown();
                      return Mono.never();
                    }));

    try (RawHttp stuck = new RawHttp(server.port())) {
      stuck.send("GET /never HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();
      StepVerifier.create(server.shutdown(Duration.ofMillis(300)))
          .expectComplete()
          .verify(Duration.ofSeconds(5));
      assertThat(stuck.closedByServer()).isTrue();
    }
  }
}
