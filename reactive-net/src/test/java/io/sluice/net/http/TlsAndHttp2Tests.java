package io.sluice.net.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.net.EventLoops;
import io.sluice.net.ServerTls;
import io.sluice.test.tls.SelfSignedCertificate;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.Http2SslContextSpec;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;
import reactor.netty.tcp.SslProvider;
import reactor.test.StepVerifier;

class TlsAndHttp2Tests extends ServerTestSupport {

  private static final Routes ROUTES =
      Routes.create()
          .get(
              "/proto",
              request -> Mono.just(ServerResponse.text("x".repeat(2000) + request.method())));

  private static Mono<String> fetch(HttpClient client, int port) {
    return client
        .host("127.0.0.1")
        .port(port)
        .get()
        .uri("/proto")
        .responseSingle(
            (response, body) ->
                body.asString().map(text -> response.version() + " " + text.length()));
  }

  @Test
  void servesHttp11AndH2OverTlsWithASelfSignedCertificate() {
    SelfSignedCertificate certificate = SelfSignedCertificate.generate();
    ServerTls tls = ServerTls.of(certificate.privateKey(), certificate.certificate());
    RunningHttpServer h1 = start(HttpServer.create().routes(ROUTES).tls(tls));

    HttpClient h1Client =
        HttpClient.create()
            .secure(
                spec ->
                    spec.sslContext(
                        (SslProvider.GenericSslContextSpec<?>)
                            Http11SslContextSpec.forClient()
                                .configure(
                                    builder -> builder.trustManager(certificate.certificate()))));
    StepVerifier.create(fetch(h1Client, h1.port())).expectNext("HTTP/1.1 2003").verifyComplete();
    h1.dispose();

    RunningHttpServer h2 = start(HttpServer.create().routes(ROUTES).tls(tls).http2(true));
    HttpClient h2Client =
        HttpClient.create()
            .protocol(HttpProtocol.H2)
            .secure(
                spec ->
                    spec.sslContext(
                        (SslProvider.GenericSslContextSpec<?>)
                            Http2SslContextSpec.forClient()
                                .configure(
                                    builder -> builder.trustManager(certificate.certificate()))));
    StepVerifier.create(fetch(h2Client, h2.port())).expectNext("HTTP/2.0 2003").verifyComplete();
  }

  @Test
  void servesH2cByPriorKnowledgeAndHttp11OnTheSamePort() {
    EventLoops loops = EventLoops.builder().loops(1).build();
    try {
      RunningHttpServer server =
          start(HttpServer.create().routes(ROUTES).http2(true).eventLoops(loops));

      StepVerifier.create(fetch(HttpClient.create().protocol(HttpProtocol.H2C), server.port()))
          .expectNext("HTTP/2.0 2003")
          .verifyComplete();
      StepVerifier.create(fetch(HttpClient.create(), server.port()))
          .expectNext("HTTP/1.1 2003")
          .verifyComplete();
      server.dispose();
    } finally {
      loops.dispose();
    }
  }

  @Test
  void compressesResponsesOverTheThresholdWhenTheClientAccepts() throws Exception {
    RunningHttpServer server =
        start(HttpServer.create().routes(ROUTES).compress(true).compressionThreshold(1000));

    try (RawHttp http = new RawHttp(server.port())) {
      RawHttp.Response compressed =
          http.send("GET /proto HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n").read();
      assertThat(compressed.headers()).containsEntry("content-encoding", "gzip");
      RawHttp.Response plain = http.send("GET /proto HTTP/1.1\r\nHost: x\r\n\r\n").read();
      assertThat(plain.headers()).doesNotContainKey("content-encoding");
      assertThat(plain.body()).hasSize(2003);
    }
  }
}
