package io.sluice.net.internal;

import io.sluice.net.ServerTls;
import java.security.cert.X509Certificate;
import java.util.function.Consumer;
import reactor.netty.tcp.SslProvider;
import reactor.netty.tcp.TcpSslContextSpec;

/** Turns {@link ServerTls} settings into Reactor Netty's TLS configuration for a TCP server. */
public final class TcpTlsContexts {

  private TcpTlsContexts() {}

  /**
   * TLS for the connections a TCP server accepts.
   *
   * @param tls the key and certificate chain
   * @return the configuration to pass to {@code secure(...)}
   */
  public static Consumer<SslProvider.SslContextSpec> server(ServerTls tls) {
    return spec ->
        spec.sslContext(
                (SslProvider.GenericSslContextSpec<?>)
                    TcpSslContextSpec.forServer(
                        tls.privateKey(), tls.certificateChain().toArray(new X509Certificate[0])))
            .handshakeTimeout(tls.handshakeTimeout());
  }
}
