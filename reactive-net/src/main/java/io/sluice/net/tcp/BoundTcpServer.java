package io.sluice.net.tcp;

import java.net.InetSocketAddress;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;

/** A {@link TcpServer} that is listening. Close it with {@link #close()}. */
public final class BoundTcpServer {

  private final DisposableServer server;

  BoundTcpServer(DisposableServer server) {
    this.server = server;
  }

  /**
   * Returns the address the server listens on.
   *
   * @return the bound address, with the actual port
   */
  public InetSocketAddress address() {
    return (InetSocketAddress) server.address();
  }

  /**
   * Returns the port the server listens on; the chosen one when port 0 was asked for.
   *
   * @return the port
   */
  public int port() {
    return server.port();
  }

  /**
   * Stops listening and closes every open connection, which cancels their handlers.
   *
   * @return a {@code Mono} that closes on subscribe and completes once the server is closed
   */
  public Mono<Void> close() {
    return Mono.defer(
        () -> {
          server.dispose();
          return server.onDispose();
        });
  }

  @Override
  public String toString() {
    return "BoundTcpServer[" + server.address() + "]";
  }
}
