package io.sluice.net.tcp;

import io.sluice.net.EventLoops;
import io.sluice.net.ServerTls;
import io.sluice.net.internal.TcpTlsContexts;
import java.time.Duration;
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
 * RunningTcpServer server = TcpServer.create()
 *     .port(7000)
 *     .handle(connection -> connection.send(
 *         connection.receive(TcpFraming.lines()).map(String::toUpperCase), TcpFraming.lines()))
 *     .bindNow(Duration.ofSeconds(5));
 * }</pre>
 */
public final class TcpServer {

  /** The default host, {@code 0.0.0.0}: every IPv4 interface. */
  public static final String DEFAULT_HOST = "0.0.0.0";

  private final String host;
  private final int port;
  private final @Nullable Function<? super TcpConnection, ? extends Publisher<Void>> handler;
  private final @Nullable EventLoops eventLoops;
  private final @Nullable ServerTls tls;

  private TcpServer(
      String host,
      int port,
      @Nullable Function<? super TcpConnection, ? extends Publisher<Void>> handler,
      @Nullable EventLoops eventLoops,
      @Nullable ServerTls tls) {
    this.host = host;
    this.port = port;
    this.handler = handler;
    this.eventLoops = eventLoops;
    this.tls = tls;
  }

  /**
   * Returns a server with the defaults: host {@value #DEFAULT_HOST}, port 0 (any free port), no
   * handler yet.
   *
   * @return a new server configuration
   */
  public static TcpServer create() {
    return new TcpServer(DEFAULT_HOST, 0, null, null, null);
  }

  /**
   * Sets the host or address to listen on. Default {@value #DEFAULT_HOST}.
   *
   * @param host a host name or IP address
   * @return a changed copy
   */
  public TcpServer host(String host) {
    Objects.requireNonNull(host, "host");
    return new TcpServer(host, port, handler, eventLoops, tls);
  }

  /**
   * Sets the port to listen on. Default 0: a free port, see {@link RunningTcpServer#port()}.
   *
   * @param port 0 to 65535
   * @return a changed copy
   * @throws IllegalArgumentException if the port is out of range
   */
  public TcpServer port(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, but was " + port);
    }
    return new TcpServer(host, port, handler, eventLoops, tls);
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
    return new TcpServer(host, port, handler, eventLoops, tls);
  }

  /**
   * Sets the event loops that serve connections; the server does not dispose of them. Default:
   * Reactor Netty's global TCP loops (one per processor, native when available).
   *
   * @param eventLoops the loops
   * @return a changed copy
   */
  public TcpServer eventLoops(EventLoops eventLoops) {
    Objects.requireNonNull(eventLoops, "eventLoops");
    return new TcpServer(host, port, handler, eventLoops, tls);
  }

  /**
   * Serves TLS on every connection. Default: plain text.
   *
   * @param tls the server's key and certificate chain
   * @return a changed copy
   */
  public TcpServer tls(ServerTls tls) {
    Objects.requireNonNull(tls, "tls");
    return new TcpServer(host, port, handler, eventLoops, tls);
  }

  /**
   * Binds the server.
   *
   * <p>Emits the bound server once it listens. The server keeps running until {@link
   * RunningTcpServer#close()}; cancelling this {@code Mono} before it emits releases the port.
   *
   * <p><b>Errors:</b> {@link java.net.BindException} if the address cannot be bound.
   *
   * @return a {@code Mono} that binds on subscribe
   * @throws IllegalStateException if no handler was set
   */
  public Mono<RunningTcpServer> bind() {
    Function<? super TcpConnection, ? extends Publisher<Void>> h = handler;
    if (h == null) {
      throw new IllegalStateException("Set a connection handler with handle(...) before bind()");
    }
    reactor.netty.tcp.TcpServer server =
        reactor.netty.tcp.TcpServer.create()
            .host(host)
            .port(port)
            .handle((inbound, outbound) -> h.apply(new TcpConnection(connectionOf(inbound))));
    EventLoops loops = eventLoops;
    if (loops != null) {
      server = server.runOn(loops.loopResources(), loops.isNative());
    }
    ServerTls t = tls;
    if (t != null) {
      server = server.secure(TcpTlsContexts.server(t));
    }
    return server.bind().map(RunningTcpServer::new);
  }

  /**
   * Binds the server, blocking the calling thread: for {@code main} methods and tests, never on an
   * event loop.
   *
   * @param timeout how long to wait
   * @return the running server
   * @throws IllegalStateException if binding failed or timed out
   */
  public RunningTcpServer bindNow(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    RunningTcpServer server = bind().block(timeout);
    if (server == null) {
      throw new IllegalStateException("The server did not bind within " + timeout);
    }
    return server;
  }

  private static Connection connectionOf(NettyInbound inbound) {
    AtomicReference<@Nullable Connection> connection = new AtomicReference<>();
    inbound.withConnection(connection::set);
    return Objects.requireNonNull(connection.get(), "connection");
  }

  @Override
  public String toString() {
    return "TcpServer[host=" + host + ", port=" + port + ", tls=" + (tls != null) + "]";
  }
}
