package io.sluice.net.tcp;

import io.netty.channel.ChannelOption;
import io.sluice.net.ClientTls;
import io.sluice.net.EventLoops;
import io.sluice.net.internal.ClientTlsContexts;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;

/**
 * A TCP client: each subscription to {@link #connect(Function)} opens one connection, runs a
 * function on it and closes it. Immutable: every setter returns a changed copy.
 *
 * <pre>{@code
 * Flux<String> replies = TcpClient.create().host("localhost").port(7000)
 *     .connect(connection -> connection.receive(TcpFraming.lines())
 *         .mergeWith(connection.send(Flux.just("hello"), TcpFraming.lines()).then(Mono.empty()))
 *         .take(1));
 * }</pre>
 */
public final class TcpClient {

  /** The default host, {@code localhost}. */
  public static final String DEFAULT_HOST = "localhost";

  /** The default connect timeout: 10 seconds. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final String host;
  private final int port;
  private final Duration connectTimeout;
  private final @Nullable ClientTls tls;
  private final @Nullable EventLoops eventLoops;

  private TcpClient(
      String host,
      int port,
      Duration connectTimeout,
      @Nullable ClientTls tls,
      @Nullable EventLoops eventLoops) {
    this.host = host;
    this.port = port;
    this.connectTimeout = connectTimeout;
    this.tls = tls;
    this.eventLoops = eventLoops;
  }

  /**
   * Returns a client with the defaults: host {@value #DEFAULT_HOST}, no port yet, a connect timeout
   * of 10 seconds, plain text.
   *
   * @return a new client configuration
   */
  public static TcpClient create() {
    return new TcpClient(DEFAULT_HOST, -1, DEFAULT_CONNECT_TIMEOUT, null, null);
  }

  /**
   * Sets the host to connect to. Default {@value #DEFAULT_HOST}.
   *
   * @param host a host name or IP address
   * @return a changed copy
   */
  public TcpClient host(String host) {
    Objects.requireNonNull(host, "host");
    return new TcpClient(host, port, connectTimeout, tls, eventLoops);
  }

  /**
   * Sets the port to connect to. Required.
   *
   * @param port 1 to 65535
   * @return a changed copy
   * @throws IllegalArgumentException if the port is out of range
   */
  public TcpClient port(int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be between 1 and 65535, but was " + port);
    }
    return new TcpClient(host, port, connectTimeout, tls, eventLoops);
  }

  /**
   * Sets how long establishing the connection may take. Default 10 seconds; past it the
   * subscription fails with {@link io.netty.channel.ConnectTimeoutException}, a {@link
   * java.net.ConnectException}.
   *
   * @param connectTimeout positive, at most {@link Integer#MAX_VALUE} milliseconds
   * @return a changed copy
   * @throws IllegalArgumentException if the timeout is not positive or too long
   */
  public TcpClient connectTimeout(Duration connectTimeout) {
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    if (connectTimeout.isNegative()
        || connectTimeout.isZero()
        || connectTimeout.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "connectTimeout must be positive and at most Integer.MAX_VALUE ms, but was "
              + connectTimeout);
    }
    return new TcpClient(host, port, connectTimeout, tls, eventLoops);
  }

  /**
   * Uses TLS on the connection. Default: plain text.
   *
   * @param tls the trust settings
   * @return a changed copy
   */
  public TcpClient tls(ClientTls tls) {
    Objects.requireNonNull(tls, "tls");
    return new TcpClient(host, port, connectTimeout, tls, eventLoops);
  }

  /**
   * Sets the event loops that run the connections; the client does not dispose of them. Default:
   * Reactor Netty's global TCP loops (one per processor, native when available).
   *
   * @param eventLoops the loops
   * @return a changed copy
   */
  public TcpClient eventLoops(EventLoops eventLoops) {
    Objects.requireNonNull(eventLoops, "eventLoops");
    return new TcpClient(host, port, connectTimeout, tls, eventLoops);
  }

  /**
   * Connects and runs {@code function} on the connection.
   *
   * <p>Emits what the function's publisher emits. Each subscription opens its own connection.
   *
   * <p><b>Backpressure:</b> that of the function's publisher; the connection's reads follow its
   * demand (see {@link TcpConnection#receive()}).
   *
   * <p><b>Cancellation / resources:</b> the connection is closed exactly once, when the function's
   * publisher completes, fails, or is cancelled.
   *
   * <p><b>Errors:</b> {@link java.net.ConnectException} if the connection cannot be established
   * (including {@link io.netty.channel.ConnectTimeoutException}); the function's errors.
   *
   * @param function uses the connection
   * @param <T> the element type
   * @return a {@code Flux} that connects on subscribe
   * @throws IllegalStateException if no port was set
   */
  public <T> Flux<T> connect(Function<? super TcpConnection, ? extends Publisher<T>> function) {
    Objects.requireNonNull(function, "function");
    if (port < 0) {
      throw new IllegalStateException("Set the port with port(...) before connect(...)");
    }
    return Flux.usingWhen(
        connection(),
        connection -> function.apply(new TcpConnection(connection)),
        TcpClient::close,
        (connection, error) -> close(connection),
        TcpClient::close);
  }

  private Mono<? extends Connection> connection() {
    reactor.netty.tcp.TcpClient client =
        reactor.netty.tcp.TcpClient.newConnection()
            .host(host)
            .port(port)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis());
    EventLoops loops = eventLoops;
    if (loops != null) {
      client = client.runOn(loops.loopResources(), loops.isNative());
    }
    ClientTls t = tls;
    if (t != null) {
      client = client.secure(ClientTlsContexts.tcp(t));
    }
    return client.connect();
  }

  private static Mono<Void> close(Connection connection) {
    return Mono.defer(
        () -> {
          connection.dispose();
          return connection.onDispose();
        });
  }

  @Override
  public String toString() {
    return "TcpClient[host=" + host + ", port=" + port + ", tls=" + (tls != null) + "]";
  }
}
