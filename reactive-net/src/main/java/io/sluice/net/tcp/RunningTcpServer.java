package io.sluice.net.tcp;

import java.net.InetSocketAddress;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;

/** A {@link TcpServer} that is listening. Close it with {@link #close()} or {@link #dispose()}. */
public final class RunningTcpServer implements Disposable {

  private final DisposableServer server;

  RunningTcpServer(DisposableServer server) {
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

  /** Starts closing the server, as {@link #close()}, without waiting. */
  @Override
  public void dispose() {
    server.dispose();
  }

  @Override
  public boolean isDisposed() {
    return server.isDisposed();
  }

  /**
   * Completes once the server is closed.
   *
   * @return a {@code Mono} that completes on close
   */
  public Mono<Void> onDispose() {
    return server.onDispose();
  }

  @Override
  public String toString() {
    return "RunningTcpServer[" + server.address() + "]";
  }
}
