package io.sluice.net.internal;

import io.netty.handler.ssl.SslContextBuilder;
import io.sluice.net.ClientTls;
import java.security.cert.X509Certificate;
import java.util.function.Consumer;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.Http2SslContextSpec;
import reactor.netty.tcp.SslProvider;
import reactor.netty.tcp.TcpSslContextSpec;

/** Turns {@link ClientTls} settings into Reactor Netty's client TLS configuration. */
public final class ClientTlsContexts {

  private ClientTlsContexts() {}

  /**
   * TLS for a raw TCP connection.
   *
   * @param tls the settings
   * @return the configuration to pass to {@code secure(...)}
   */
  public static Consumer<SslProvider.SslContextSpec> tcp(ClientTls tls) {
    return spec ->
        spec.sslContext(
                (SslProvider.GenericSslContextSpec<?>)
                    TcpSslContextSpec.forClient().configure(builder -> trust(builder, tls)))
            .handshakeTimeout(tls.handshakeTimeout());
  }

  /**
   * TLS for HTTP/1.1 connections.
   *
   * @param tls the settings
   * @return the configuration to pass to {@code secure(...)}
   */
  public static Consumer<SslProvider.SslContextSpec> http11(ClientTls tls) {
    return spec ->
        spec.sslContext(
                (SslProvider.GenericSslContextSpec<?>)
                    Http11SslContextSpec.forClient().configure(builder -> trust(builder, tls)))
            .handshakeTimeout(tls.handshakeTimeout());
  }

  /**
   * TLS for connections that negotiate HTTP/2 with ALPN, falling back to HTTP/1.1.
   *
   * @param tls the settings
   * @return the configuration to pass to {@code secure(...)}
   */
  public static Consumer<SslProvider.SslContextSpec> http2(ClientTls tls) {
    return spec ->
        spec.sslContext(
                (SslProvider.GenericSslContextSpec<?>)
                    Http2SslContextSpec.forClient().configure(builder -> trust(builder, tls)))
            .handshakeTimeout(tls.handshakeTimeout());
  }

  private static void trust(SslContextBuilder builder, ClientTls tls) {
    if (!tls.trustedCertificates().isEmpty()) {
      builder.trustManager(tls.trustedCertificates().toArray(new X509Certificate[0]));
    }
  }
}
