package io.sluice.net.http.client;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;

class HttpClientProtocolTests {

  @Test
  void aCleartextHttp2ClientSpeaksH2cWithPriorKnowledge() {
    try (LoopbackHttpServer server =
            new LoopbackHttpServer(
                HttpServer.create().protocol(HttpProtocol.H2C),
                routes ->
                    routes.get(
                        "/proto",
                        (request, response) ->
                            response.sendString(Mono.just(request.protocol()))));
        ClosingClient h2c =
            new ClosingClient(
                HttpClient.builder()
                    .baseUrl(server.baseUrl())
                    .protocols(HttpVersion.H2C)
                    .build())) {
      StepVerifier.create(h2c.client().get("/proto").string())
          .expectNext("HTTP/2.0")
          .verifyComplete();
    }
  }

  @Test
  void requestsAreValidatedWhenAssembled() {
    HttpClient client = HttpClient.create();
    try {
      assertThatThrownBy(() -> client.get("/relative"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no baseUrl");
      assertThatThrownBy(() -> client.request("GE T", "http://localhost/"))
          .hasMessageContaining("method");
      assertThatThrownBy(() -> client.get("http://localhost/").header("X", "a\r\nb"))
          .hasMessageContaining("CR or LF");
      assertThatThrownBy(() -> HttpClient.builder().baseUrl("ftp://x"))
          .hasMessageContaining("baseUrl");
      assertThatThrownBy(() -> HttpClient.builder().maxConnections(0))
          .hasMessageContaining("maxConnections must be at least 1, but was 0");
      assertThatThrownBy(() -> HttpRetry.defaults().withJitter(2)).hasMessageContaining("jitter");
    } finally {
      client.close().block(Duration.ofSeconds(5));
    }
  }

  @Test
  void queryParametersArePercentEncoded() {
    try (LoopbackHttpServer server =
            new LoopbackHttpServer(
                routes ->
                    routes.get(
                        "/echo",
                        (request, response) -> response.sendString(Mono.just(request.uri()))));
        ClosingClient client =
            new ClosingClient(HttpClient.builder().baseUrl(server.baseUrl()).build())) {
      StepVerifier.create(client.client().get("/echo").query("q", "a b&c").query("é", "1").string())
          .expectNext("/echo?q=a%20b%26c&%C3%A9=1")
          .verifyComplete();
    }
  }

  @Test
  void aRequestHeaderReplacesTheDefaultOfTheSameNameAndRepeatsAreKept() {
    try (LoopbackHttpServer server =
            new LoopbackHttpServer(
                routes ->
                    routes.get(
                        "/headers",
                        (request, response) ->
                            response.sendString(
                                Mono.just(
                                    request.requestHeaders().getAll("accept")
                                        + " "
                                        + request.requestHeaders().getAll("x-tag")))));
        ClosingClient client =
            new ClosingClient(HttpClient.builder().baseUrl(server.baseUrl()).build())) {
      StepVerifier.create(
              client
                  .client()
                  .get("/headers")
                  .header("Accept", "application/x-ndjson")
                  .header("X-Tag", "a")
                  .header("X-Tag", "b")
                  .string())
          .expectNext("[application/x-ndjson] [a, b]")
          .verifyComplete();
    }
  }
}
