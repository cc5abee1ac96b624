package io.sluice.test.faults;

import io.netty.channel.ChannelOption;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.NettyInbound;
import reactor.netty.NettyOutbound;
import reactor.netty.resources.LoopResources;
import reactor.netty.tcp.TcpClient;
import reactor.netty.tcp.TcpServer;

/**
 * A TCP proxy on the loopback interface that forwards to one target and injects faults on demand,
 * for resilience tests: point the code under test at {@link #host()}:{@link #port()} instead of the
 * target, then switch modes from the test while it runs.
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.start(database.host(), database.port())) {
 *   // connect the client under test to proxy.host():proxy.port()
 *   proxy.cutConnections();          // every open connection is closed, both ways
 *   proxy.refuse();                  // new connections are refused
 *   proxy.pass();                    // and accepted and forwarded again
 * }
 * }</pre>
 *
 * <p><b>Modes</b> ({@link #mode()}): {@link #pass()} (the default), {@link #delay(Duration)},
 * {@link #throttle(long)}, {@link #blackHole()} and {@link #refuse()}. Delay and throttle apply at
 * once to every chunk still to be forwarded, on open connections too. Black hole and refuse concern
 * new connections only: open connections go on being forwarded, and a black-holed connection stays
 * black-holed until it is cut or closed. {@link #cutConnections()} is an action, not a mode: it
 * closes what is open now and leaves the mode as it is.
 *
 * <p><b>Backpressure</b>: each direction reads from one socket only as fast as the other accepts
 * writes, so a target that stops reading stops the client through TCP flow control, and a paced
 * direction buffers a few chunks at most. <b>Resources</b>: the proxy runs on one event loop of its
 * own, released by {@link #close()}. Bytes are copied once from Netty's buffers into heap arrays,
 * so no pooled buffer is ever held while a chunk waits.
 *
 * <p>Deliberately not here: TLS termination, UDP, half-close (when either side closes, the proxy
 * closes both sides of that connection), faults that corrupt bytes, per-connection modes.
 *
 * <p>Thread-safe. Methods that bind, unbind or close wait for it (up to 10 s) and must be called
 * from a test thread, never from an event loop.
 */
public final class FaultProxy implements AutoCloseable {

  private static final String LOOPBACK = "127.0.0.1";
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final String targetHost;
  private final int targetPort;
  private final LoopResources loops;
  private final TcpClient targetClient;
  private final Set<Connection> clientConnections = ConcurrentHashMap.newKeySet();
  private final Set<Connection> targetConnections = ConcurrentHashMap.newKeySet();
  private final Object bindLock = new Object();

  private volatile TrafficShape shape = TrafficShape.PASS;
  private volatile int port;
  private @Nullable DisposableServer server; // guarded by bindLock
  private boolean closed; // guarded by bindLock

  private FaultProxy(String targetHost, int targetPort) {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.loops = LoopResources.create("sluice-fault-proxy", 1, true);
    this.targetClient =
        TcpClient.newConnection()
            .runOn(loops)
            .host(targetHost)
            .port(targetPort)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) TIMEOUT.toMillis());
  }

  /**
   * Starts a proxy in {@link FaultMode#PASS} on {@code 127.0.0.1} and a free port, forwarding to
   * the target. Waits until it listens, 10 s at most.
   *
   * @param targetHost the host to forward to
   * @param targetPort the port to forward to, 1 to 65535
   * @return the running proxy; {@link #close()} it
   * @throws IllegalArgumentException if the port is out of range or the host blank
   * @throws IllegalStateException if the proxy could not listen
   */
  public static FaultProxy start(String targetHost, int targetPort) {
    Objects.requireNonNull(targetHost, "targetHost");
    if (targetHost.isBlank()) {
      throw new IllegalArgumentException("targetHost must not be blank");
    }
    if (targetPort < 1 || targetPort > 65535) {
      throw new IllegalArgumentException(
          "targetPort must be between 1 and 65535, was " + targetPort);
    }
    FaultProxy proxy = new FaultProxy(targetHost, targetPort);
    try {
      synchronized (proxy.bindLock) {
        proxy.bind(0);
      }
      return proxy;
    } catch (RuntimeException e) {
      proxy.loops.disposeLater(Duration.ZERO, TIMEOUT).block(TIMEOUT);
      throw e;
    }
  }

  /** Returns the address clients connect to: {@code 127.0.0.1}. */
  public String host() {
    return LOOPBACK;
  }

  /** Returns the port clients connect to; it stays the same across {@link #refuse()}. */
  public int port() {
    return port;
  }

  /** Returns the current mode. */
  public FaultMode mode() {
    return shape.mode();
  }

  /**
   * Returns how many client connections are open through the proxy, black-holed ones included.
   *
   * @return the number of open client connections
   */
  public int openConnections() {
    return clientConnections.size();
  }

  /**
   * Forwards everything at once: the default mode. Listens again after {@link #refuse()}.
   *
   * @return this proxy
   * @throws IllegalStateException if the port cannot be bound again or the proxy is closed
   */
  public FaultProxy pass() {
    return switchTo(TrafficShape.PASS);
  }

  /**
   * Holds every chunk for {@code perChunk} before forwarding it, both ways, on open and new
   * connections. Chunks stay in order, so a direction forwards at most one chunk per delay.
   *
   * @param perChunk the delay, positive
   * @return this proxy
   * @throws IllegalArgumentException if the delay is zero or negative
   * @throws IllegalStateException if the port cannot be bound again or the proxy is closed
   */
  public FaultProxy delay(Duration perChunk) {
    Objects.requireNonNull(perChunk, "perChunk");
    if (perChunk.isZero() || perChunk.isNegative()) {
      throw new IllegalArgumentException("perChunk must be positive, was " + perChunk);
    }
    return switchTo(new TrafficShape(FaultMode.DELAY, perChunk, 0));
  }

  /**
   * Forwards at most {@code bytesPerSecond} bytes per second in each direction of each connection,
   * open and new, in slices of a twentieth of a second.
   *
   * @param bytesPerSecond the rate, at least 1
   * @return this proxy
   * @throws IllegalArgumentException if the rate is below 1
   * @throws IllegalStateException if the port cannot be bound again or the proxy is closed
   */
  public FaultProxy throttle(long bytesPerSecond) {
    if (bytesPerSecond < 1) {
      throw new IllegalArgumentException("bytesPerSecond must be >= 1, was " + bytesPerSecond);
    }
    return switchTo(new TrafficShape(FaultMode.THROTTLE, Duration.ZERO, bytesPerSecond));
  }

  /**
   * Accepts new connections but never connects them to the target: what they send is read and
   * dropped, and nothing comes back, so their clients wait for their own timeouts. Open connections
   * go on being forwarded.
   *
   * @return this proxy
   * @throws IllegalStateException if the port cannot be bound again or the proxy is closed
   */
  public FaultProxy blackHole() {
    return switchTo(TrafficShape.of(FaultMode.BLACK_HOLE));
  }

  /**
   * Stops listening, so new connections are refused ({@link java.net.ConnectException} in a Java
   * client); open connections go on being forwarded. Any other mode listens again on the same port.
   * Waits until the listening socket is closed.
   *
   * @return this proxy
   * @throws IllegalStateException if the proxy is closed
   */
  public FaultProxy refuse() {
    synchronized (bindLock) {
      checkOpen();
      shape = TrafficShape.of(FaultMode.REFUSE);
      unbind();
    }
    return this;
  }

  /**
   * Closes every connection open now, both the client's and the target's side: clients see the
   * connection closed by the peer (end of stream), as when a server or a middlebox drops it. The
   * mode stays as it is, so new connections are treated as before. Waits until they are closed.
   *
   * @return how many client connections were cut
   */
  public int cutConnections() {
    List<Connection> clients = List.copyOf(clientConnections);
    List<Connection> targets = List.copyOf(targetConnections);
    closeAll(clients, targets);
    return clients.size();
  }

  /** Stops listening, closes every connection and releases the event loop. Idempotent. */
  @Override
  public void close() {
    synchronized (bindLock) {
      if (closed) {
        return;
      }
      closed = true;
      unbind();
    }
    closeAll(List.copyOf(clientConnections), List.copyOf(targetConnections));
    loops.disposeLater(Duration.ZERO, TIMEOUT).block(TIMEOUT);
  }

  @Override
  public String toString() {
    return "FaultProxy["
        + LOOPBACK
        + ":"
        + port
        + " -> "
        + targetHost
        + ":"
        + targetPort
        + ", "
        + shape
        + ", "
        + clientConnections.size()
        + " open]";
  }

  private FaultProxy switchTo(TrafficShape next) {
    synchronized (bindLock) {
      checkOpen();
      shape = next;
      if (server == null) {
        bind(port);
      }
    }
    return this;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("This fault proxy is closed: " + this);
    }
  }

  private void bind(int requestedPort) {
    try {
      DisposableServer bound =
          TcpServer.create()
              .runOn(loops)
              .host(LOOPBACK)
              .port(requestedPort)
              .handle(this::handle)
              .bindNow(TIMEOUT);
      server = bound;
      port = bound.port();
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "Failed to bind a fault proxy on ["
              + LOOPBACK
              + ":"
              + requestedPort
              + "]"
              + (requestedPort == 0 ? "" : "; another process may have taken the port"),
          e);
    }
  }

  private void unbind() {
    DisposableServer bound = server;
    if (bound != null) {
      server = null;
      bound.disposeNow(TIMEOUT);
    }
  }

  private Publisher<Void> handle(NettyInbound inbound, NettyOutbound outbound) {
    AtomicReference<@Nullable Connection> accepted = new AtomicReference<>();
    inbound.withConnection(accepted::set);
    Connection client = Objects.requireNonNull(accepted.get(), "the accepted connection");
    track(client, clientConnections);
    FaultMode mode = shape.mode();
    if (mode == FaultMode.REFUSE) {
      // Accepted just before the listening socket closed: treat it as refused.
      return Mono.empty();
    }
    if (mode == FaultMode.BLACK_HOLE) {
      return inbound.receive().then();
    }
    return Mono.usingWhen(
            targetClient.connect(),
            target -> relay(inbound, outbound, client, target),
            FaultProxy::closeConnection,
            (target, error) -> closeConnection(target),
            FaultProxy::closeConnection)
        // A failed connect or a broken connection: the client's connection is closed, which is
        // what the client sees; nothing to report.
        .onErrorResume(error -> Mono.empty());
  }

  private Mono<Void> relay(
      NettyInbound inbound, NettyOutbound outbound, Connection client, Connection target) {
    track(target, targetConnections);
    Mono<Void> toTarget =
        target
            .outbound()
            .sendByteArray(inbound.receive().asByteArray().concatMap(this::pace, 1))
            .then()
            .doFinally(signal -> target.dispose());
    Mono<Void> toClient =
        outbound
            .sendByteArray(target.inbound().receive().asByteArray().concatMap(this::pace, 1))
            .then()
            .doFinally(signal -> client.dispose());
    return Mono.when(toTarget, toClient);
  }

  private Publisher<byte[]> pace(byte[] chunk) {
    return shape.pace(chunk);
  }

  private static void track(Connection connection, Set<Connection> open) {
    open.add(connection);
    connection.onDispose(() -> open.remove(connection));
  }

  private static Mono<Void> closeConnection(Connection connection) {
    connection.dispose();
    return connection.onDispose();
  }

  private static void closeAll(List<Connection> clients, List<Connection> targets) {
    Flux.concat(Flux.fromIterable(clients), Flux.fromIterable(targets))
        .flatMap(FaultProxy::closeConnection)
        .then()
        .block(TIMEOUT);
  }
}
