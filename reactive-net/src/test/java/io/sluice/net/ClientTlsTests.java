package io.sluice.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.net.http.client.HttpClient;
import io.sluice.net.http.client.HttpRetry;
import io.sluice.net.http.client.HttpVersion;
import io.sluice.net.tcp.RunningTcpServer;
import io.sluice.net.tcp.TcpClient;
import io.sluice.net.tcp.TcpFraming;
import io.sluice.net.tcp.TcpServer;
import io.sluice.test.tls.SelfSignedCertificate;
import java.time.Duration;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.Http2SslContextSpec;
import reactor.netty.http.HttpProtocol;
import reactor.netty.tcp.SslProvider;
import reactor.test.StepVerifier;

class ClientTlsTests {

  private static final SelfSignedCertificate LOCALHOST = SelfSignedCertificate.generate();
  private static EventLoops loops;
  private static RunningTcpServer tcpServer;
  private static DisposableServer httpServer;

  @BeforeAll
  static void start() {
    loops = EventLoops.builder().loops(1).build();
    tcpServer =
        TcpServer.create()
            .host("127.0.0.1")
            .eventLoops(loops)
            .tls(ServerTls.of(LOCALHOST.privateKey(), LOCALHOST.certificate()))
            .handle(
                connection ->
                    connection.send(
                        connection.receive(TcpFraming.lines()).map(line -> "secure " + line),
                        TcpFraming.lines()))
            .bind()
            .block(Duration.ofSeconds(10));
    httpServer =
        reactor.netty.http.server.HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .protocol(HttpProtocol.H2, HttpProtocol.HTTP11)
            .secure(
                spec ->
                    spec.sslContext(
                        (SslProvider.GenericSslContextSpec<?>)
                            Http2SslContextSpec.forServer(
                                LOCALHOST.privateKey(), LOCALHOST.certificate())))
            .handle(
                (request, response) ->
                    response.sendString(Mono.just(request.scheme() + " " + request.protocol())))
            .bindNow(Duration.ofSeconds(10));
  }

  @AfterAll
  static void stop() {
    tcpServer.close().block(Duration.ofSeconds(5));
    httpServer.disposeNow(Duration.ofSeconds(5));
    loops.disposeLater().block(Duration.ofSeconds(5));
  }

  private static TcpClient tcpClient(String host) {
    return TcpClient.create().host(host).port(tcpServer.port()).eventLoops(loops);
  }

  private static Flux<String> hello(TcpClient client) {
    return client.connect(
        connection ->
            connection
                .receive(TcpFraming.lines())
                .mergeWith(
                    connection.send(Flux.just("hello"), TcpFraming.lines()).then(Mono.empty()))
                .take(1));
  }

  @Test
  void aTcpClientTrustingTheServersCertificateTalksTls() {
    StepVerifier.create(
            hello(tcpClient("localhost").tls(ClientTls.trusting(LOCALHOST.certificate()))))
        .expectNext("secure hello")
        .verifyComplete();
  }

  @Test
  void theSystemTrustStoreRejectsASelfSignedCertificate() {
    StepVerifier.create(hello(tcpClient("localhost").tls(ClientTls.system())))
        .expectError(SSLHandshakeException.class)
        .verify(Duration.ofSeconds(10));
  }

  @Test
  void aCertificateForAnotherHostIsRejected() {
    SelfSignedCertificate other = SelfSignedCertificate.generate("other.example");
    StepVerifier.create(hello(tcpClient("localhost").tls(ClientTls.trusting(other.certificate()))))
        .expectError(SSLHandshakeException.class)
        .verify(Duration.ofSeconds(10));
  }

  @Test
  void anHttpsClientNegotiatesHttp2WithAlpn() {
    HttpClient client =
        HttpClient.builder()
            .tls(ClientTls.trusting(LOCALHOST.certificate()))
            .protocols(HttpVersion.H2, HttpVersion.HTTP_1_1)
            .eventLoops(loops)
            .retry(HttpRetry.none())
            .build();
    try {
      StepVerifier.create(client.get("https://localhost:" + httpServer.port() + "/").string())
          .expectNext("https HTTP/2.0")
          .verifyComplete();
    } finally {
      client.close().block(Duration.ofSeconds(5));
    }
  }

  @Test
  void anHttpsClientSpeaksHttp11ByDefault() {
    HttpClient client =
        HttpClient.builder().tls(ClientTls.trusting(LOCALHOST.certificate())).build();
    try {
      StepVerifier.create(client.get("https://localhost:" + httpServer.port() + "/").string())
          .expectNext("https HTTP/1.1")
          .verifyComplete();
    } finally {
      client.close().block(Duration.ofSeconds(5));
    }
  }

  @Test
  void settingsAreValidated() {
    assertThatThrownBy(ClientTls::trusting)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("certificates");
    assertThatThrownBy(() -> ClientTls.system().withHandshakeTimeout(Duration.ZERO))
        .hasMessageContaining("handshakeTimeout");
    assertThat(ClientTls.system().withHandshakeTimeout(Duration.ofSeconds(1)).handshakeTimeout())
        .isEqualTo(Duration.ofSeconds(1));
  }
}
