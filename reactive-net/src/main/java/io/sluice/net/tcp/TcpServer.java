package io.sluice.net.tcp;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.NettyInbound;

/**
 * A TCP server that runs a handler per accepted connection. Immutable: every setter returns a
 * changed copy.
 *
 * <pre>{@code
 * BoundTcpServer server = TcpServer.create()
 *     .port(7000)
 *     .handle(connection -> connection.send(
 *         connection.receive(TcpFraming.lines()).map(String::toUpperCase), TcpFraming.lines()))
 *     .bind()
 *     .block();
 * }</pre>
 */
public final class TcpServer {

  /** The default host, {@code 0.0.0.0}: every IPv4 interface. */
  public static final String DEFAULT_HOST = "0.0.0.0";

  private final String host;
  private final int port;
  private final @Nullable Function<? super TcpConnection, ? extends Publisher<Void>> handler;

  private TcpServer(
      String host,
      int port,
      @Nullable Function<? super TcpConnection, ? extends Publisher<Void>> handler) {
    this.host = host;
    this.port = port;
    this.handler = handler;
  }

  /**
   * Returns a server with the defaults: host {@value #DEFAULT_HOST}, port 0 (any free port), no
   * handler yet.
   *
   * @return a new server configuration
   */
  public static TcpServer create() {
    return new TcpServer(DEFAULT_HOST, 0, null);
  }

  /**
   * Sets the host or address to listen on. Default {@value #DEFAULT_HOST}.
   *
   * @param host a host name or IP address
   * @return a changed copy
   */
  public TcpServer host(String host) {
    Objects.requireNonNull(host, "host");
    return new TcpServer(host, port, handler);
  }

  /**
   * Sets the port to listen on. Default 0: a free port, see {@link BoundTcpServer#port()}.
   *
   * @param port 0 to 65535
   * @return a changed copy
   * @throws IllegalArgumentException if the port is out of range
   */
  public TcpServer port(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, but was " + port);
    }
    return new TcpServer(host, port, handler);
  }

  /**
   * Sets the handler run for each accepted connection. The connection is closed when the publisher
   * the handler returns terminates; an error is logged and closes it too.
   *
   * @param handler reads and writes one connection
   * @return a changed copy
   */
  public TcpServer handle(Function<? super TcpConnection, ? extends Publisher<Void>> handler) {
    Objects.requireNonNull(handler, "handler");
    return new TcpServer(host, port, handler);
  }

  /**
   * Binds the server.
   *
   * <p>Emits the bound server once it listens. The server keeps running until {@link
   * BoundTcpServer#close()}; cancelling this {@code Mono} before it emits releases the port.
   *
   * <p><b>Errors:</b> {@link java.net.BindException} if the address cannot be bound.
   *
   * @return a {@code Mono} that binds on subscribe
   * @throws IllegalStateException if no handler was set
   */
  public Mono<BoundTcpServer> bind() {
    Function<? super TcpConnection, ? extends Publisher<Void>> h = handler;
    if (h == null) {
      throw new IllegalStateException("Set a connection handler with handle(...) before bind()");
    }
    return reactor.netty.tcp.TcpServer.create()
        .host(host)
        .port(port)
        .handle((inbound, outbound) -> h.apply(new TcpConnection(connectionOf(inbound))))
        .bind()
        .map(BoundTcpServer::new);
  }

  private static Connection connectionOf(NettyInbound inbound) {
    AtomicReference<@Nullable Connection> connection = new AtomicReference<>();
    inbound.withConnection(connection::set);
    return Objects.requireNonNull(connection.get(), "connection");
  }

  @Override
  public String toString() {
    return "TcpServer[host=" + host + ", port=" + port + "]";
  }
}
