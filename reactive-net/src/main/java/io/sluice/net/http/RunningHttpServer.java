package io.sluice.net.http;

import io.netty.channel.Channel;
import io.netty.channel.ServerChannel;
import io.netty.channel.group.ChannelGroup;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.channel.ChannelOperations;

/**
 * A bound, listening {@link HttpServer}.
 *
 * <p>{@link #shutdown(Duration)} stops gracefully; {@link #dispose()} stops at once, closing every
 * connection.
 */
public final class RunningHttpServer implements Disposable {

  private final DisposableServer server;
  private final ChannelGroup connections;
  private final ServerState state;

  RunningHttpServer(DisposableServer server, ChannelGroup connections, ServerState state) {
    this.server = server;
    this.connections = connections;
    this.state = state;
  }

  /**
   * Returns the port the server listens on (the one picked when bound to port 0).
   *
   * @return the port
   */
  public int port() {
    return server.port();
  }

  /**
   * Returns the address the server listens on.
   *
   * @return the bound address
   */
  public InetSocketAddress address() {
    if (server.address() instanceof InetSocketAddress inet) {
      return inet;
    }
    throw new IllegalStateException(
        "The server is not bound to an IP address: " + server.address());
  }

  /**
   * Stops gracefully: stops accepting connections at once, closes idle connections, lets the
   * requests in flight finish (their responses carry {@code Connection: close}), then closes their
   * connections; connections still busy after {@code timeout} are closed anyway.
   *
   * @param timeout the longest time to wait for requests in flight, not negative
   * @return a {@code Mono} that shuts down on subscribe and completes once every connection is
   *     closed
   * @throws IllegalArgumentException if the timeout is negative
   */
  @SuppressWarnings("FutureReturnValueIgnored") // closing is best effort; onTerminate reports
  public Mono<Void> shutdown(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative, but was " + timeout);
    }
    return Mono.defer(
        () -> {
          state.startDraining();
          server.dispose();
          List<Mono<Void>> inFlight = new ArrayList<>();
          for (Channel channel : connections) {
            ChannelOperations<?, ?> operations = ChannelOperations.get(channel);
            boolean connection = channel.parent() instanceof ServerChannel;
            if (operations == null) {
              if (connection) {
                channel.close();
              }
            } else {
              inFlight.add(
                  operations
                      .onTerminate()
                      .doFinally(
                          signal -> {
                            if (connection) {
                              channel.close();
                            } else {
                              operations.dispose();
                            }
                          }));
            }
          }
          return Mono.when(inFlight)
              .timeout(timeout, Mono.fromRunnable(this::closeAll))
              .then(server.onDispose())
              .then(Mono.fromRunnable(this::closeAll));
        });
  }

  /** Stops at once: closes the listening socket and every connection. */
  @Override
  public void dispose() {
    state.startDraining();
    server.dispose();
    closeAll();
  }

  @Override
  public boolean isDisposed() {
    return server.isDisposed();
  }

  /**
   * Returns a {@code Mono} that completes when the listening socket has closed.
   *
   * @return the completion signal
   */
  public Mono<Void> onDispose() {
    return server.onDispose();
  }

  @SuppressWarnings("FutureReturnValueIgnored") // closing is best effort
  private void closeAll() {
    for (Channel channel : connections) {
      if (channel.parent() instanceof ServerChannel) {
        channel.close();
      } else if (channel.parent() != null) {
        channel.parent().close();
      }
    }
  }

  @Override
  public String toString() {
    return "RunningHttpServer[" + server.address() + "]";
  }
}
