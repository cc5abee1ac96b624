package io.sluice.net.udp;

import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.sluice.net.EventLoops;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Where and how a {@link UdpSocket} binds. Immutable: every setter returns a changed copy.
 *
 * <pre>{@code
 * UdpSocket socket = UdpEndpoint.create().host("127.0.0.1").port(9000).bindNow(Duration.ofSeconds(5));
 * Flux<Datagram> datagrams = socket.receive();
 * }</pre>
 */
public final class UdpEndpoint {

  /** The default host, {@code 0.0.0.0}: every IPv4 interface. */
  public static final String DEFAULT_HOST = "0.0.0.0";

  /** The default largest datagram received whole: 65,535 bytes, the UDP maximum. */
  public static final int DEFAULT_MAX_DATAGRAM_SIZE = 65_535;

  private final String host;
  private final int port;
  private final int maxDatagramSize;
  private final @Nullable EventLoops eventLoops;

  private UdpEndpoint(String host, int port, int maxDatagramSize, @Nullable EventLoops eventLoops) {
    this.host = host;
    this.port = port;
    this.maxDatagramSize = maxDatagramSize;
    this.eventLoops = eventLoops;
  }

  /**
   * Returns an endpoint with the defaults: host {@value #DEFAULT_HOST}, port 0 (any free port),
   * datagrams up to 65,535 bytes.
   *
   * @return a new endpoint
   */
  public static UdpEndpoint create() {
    return new UdpEndpoint(DEFAULT_HOST, 0, DEFAULT_MAX_DATAGRAM_SIZE, null);
  }

  /**
   * Sets the host or address to bind. Default {@value #DEFAULT_HOST}.
   *
   * @param host a host name or IP address
   * @return a changed copy
   */
  public UdpEndpoint host(String host) {
    Objects.requireNonNull(host, "host");
    return new UdpEndpoint(host, port, maxDatagramSize, eventLoops);
  }

  /**
   * Sets the port to bind. Default 0: a free port, see {@link UdpSocket#localAddress()}.
   *
   * @param port 0 to 65535
   * @return a changed copy
   * @throws IllegalArgumentException if the port is out of range
   */
  public UdpEndpoint port(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, but was " + port);
    }
    return new UdpEndpoint(host, port, maxDatagramSize, eventLoops);
  }

  /**
   * Sets the size of the buffer each datagram is received into. Default 65,535 bytes, which
   * receives any UDP datagram whole. The operating system cuts longer datagrams to this size
   * without telling, so lower it only when the peers' datagrams are known to be smaller.
   *
   * @param maxDatagramSize 1 to 65,535 bytes
   * @return a changed copy
   * @throws IllegalArgumentException if the size is out of range
   */
  public UdpEndpoint maxDatagramSize(int maxDatagramSize) {
    if (maxDatagramSize < 1 || maxDatagramSize > DEFAULT_MAX_DATAGRAM_SIZE) {
      throw new IllegalArgumentException(
          "maxDatagramSize must be between 1 and 65535, but was " + maxDatagramSize);
    }
    return new UdpEndpoint(host, port, maxDatagramSize, eventLoops);
  }

  /**
   * Sets the event loops that run the socket; it does not dispose of them. Default: Reactor Netty's
   * global UDP loops (one per processor, native when available).
   *
   * @param eventLoops the loops
   * @return a changed copy
   */
  public UdpEndpoint eventLoops(EventLoops eventLoops) {
    Objects.requireNonNull(eventLoops, "eventLoops");
    return new UdpEndpoint(host, port, maxDatagramSize, eventLoops);
  }

  /**
   * Binds a socket.
   *
   * <p>Emits the bound socket; the caller closes it with {@link UdpSocket#close()}. Cancelling
   * before it emits releases the port.
   *
   * <p><b>Errors:</b> {@link java.net.BindException} if the address cannot be bound.
   *
   * @return a {@code Mono} that binds on subscribe
   */
  public Mono<UdpSocket> bind() {
    reactor.netty.udp.UdpServer server =
        reactor.netty.udp.UdpServer.create()
            .host(host)
            .port(port)
            .option(
                ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(maxDatagramSize));
    EventLoops loops = eventLoops;
    if (loops != null) {
      server = server.runOn(loops.loopResources(), loops.isNative());
    }
    return server.bind().map(UdpSocket::new);
  }

  /**
   * Binds a socket, blocking the calling thread: for {@code main} methods and tests, never on an
   * event loop.
   *
   * @param timeout how long to wait
   * @return the bound socket
   * @throws IllegalStateException if binding failed or timed out
   */
  public UdpSocket bindNow(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    UdpSocket socket = bind().block(timeout);
    if (socket == null) {
      throw new IllegalStateException("The socket did not bind within " + timeout);
    }
    return socket;
  }

  @Override
  public String toString() {
    return "UdpEndpoint[host=" + host + ", port=" + port + "]";
  }
}
