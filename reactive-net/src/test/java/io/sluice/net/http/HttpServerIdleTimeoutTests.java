package io.sluice.net.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** The idle timeout of HTTP/1.1 keep-alive connections, seen from a raw socket. */
class HttpServerIdleTimeoutTests extends ServerTestSupport {

  private static final String GET_HELLO = "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n";

  private static final Routes ROUTES =
      Routes.create()
          .get("/hello", request -> Mono.just(ServerResponse.text("hello")))
          .get(
              "/slow",
              request ->
                  Mono.delay(Duration.ofMillis(900)).thenReturn(ServerResponse.text("slow")));

  private RunningHttpServer start(Duration idleTimeout, Duration headerTimeout) {
    return start(
        HttpServer.create().routes(ROUTES).idleTimeout(idleTimeout).headerTimeout(headerTimeout));
  }

  /** Reads until the server closes the connection; returns the milliseconds that took. */
  private static long millisUntilClosed(RawHttp http) throws Exception {
    long start = System.nanoTime();
    assertThat(http.in.read()).as("the server sends nothing more, then closes").isEqualTo(-1);
    return (System.nanoTime() - start) / 1_000_000;
  }

  @Test
  void aKeptAliveConnectionIsClosedWhenNoRequestFollowsWithinTheIdleTimeout() throws Exception {
    RunningHttpServer server = start(Duration.ofMillis(400), Duration.ofSeconds(10));

    try (RawHttp http = new RawHttp(server.port())) {
      http.send(GET_HELLO);
      assertThat(http.read().body()).isEqualTo("hello");
      assertThat(millisUntilClosed(http)).isBetween(250L, 5_000L);
    }
  }

  @Test
  void aConnectionThatSendsNothingIsClosedAfterTheIdleTimeoutWhenHeadersHaveNoTimeout()
      throws Exception {
    RunningHttpServer server = start(Duration.ofMillis(400), Duration.ZERO);

    try (RawHttp http = new RawHttp(server.port())) {
      assertThat(millisUntilClosed(http)).isBetween(250L, 5_000L);
    }
  }

  @Test
  void requestsThatKeepComingKeepTheConnectionOpenPastTheIdleTimeout() throws Exception {
    RunningHttpServer server = start(Duration.ofMillis(500), Duration.ofSeconds(10));

    try (RawHttp http = new RawHttp(server.port())) {
      long start = System.nanoTime();
      int answered = 0;
      while (System.nanoTime() - start < Duration.ofMillis(1_500).toNanos()) {
        http.send(GET_HELLO);
        assertThat(http.read().body()).isEqualTo("hello");
        answered++;
        Thread.sleep(150); // a pause shorter than the idle timeout
      }
      assertThat(answered).isGreaterThan(3);
    }
  }

  @Test
  void aHandlerSlowerThanTheIdleTimeoutStillAnswers() throws Exception {
    RunningHttpServer server = start(Duration.ofMillis(300), Duration.ofSeconds(10));

    try (RawHttp http = new RawHttp(server.port())) {
      http.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(http.read().body()).isEqualTo("slow");
      http.send(GET_HELLO);
      assertThat(http.read().body()).isEqualTo("hello");
    }
  }

  @Test
  void pipelinedRequestsAreAllAnsweredWhenTheirHandlersOutlastTheIdleTimeout() throws Exception {
    RunningHttpServer server = start(Duration.ofMillis(300), Duration.ofSeconds(10));

    try (RawHttp http = new RawHttp(server.port())) {
      http.send(GET_HELLO + "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n" + GET_HELLO);
      assertThat(http.read().body()).isEqualTo("hello");
      assertThat(http.read().body()).isEqualTo("slow");
      assertThat(http.read().body()).isEqualTo("hello");
    }
  }
}
