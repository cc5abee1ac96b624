package io.sluice.net.http;

import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.sluice.net.EventLoops;
import io.sluice.net.ServerTls;
import io.sluice.net.internal.ServerHttpDate;
import io.sluice.net.internal.ServerRequestGuard;
import io.sluice.net.internal.ServerWarmUp;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.Http2SslContextSpec;
import reactor.netty.http.HttpProtocol;
import reactor.netty.tcp.SslProvider;
import reactor.util.Logger;
import reactor.util.Loggers;
import tools.jackson.databind.json.JsonMapper;

/**
 * An HTTP server: an immutable builder whose {@link #bind()} starts listening.
 *
 * <p>Every setter returns a new instance and leaves this one unchanged, so a configured server can
 * be shared and bound several times.
 *
 * <pre>{@code
 * RunningHttpServer server = HttpServer.create()
 *     .port(8080)
 *     .routes(Routes.create()
 *         .get("/hello/{name}", request -> Mono.just(ServerResponse.text("Hello " + request.pathParam("name")))))
 *     .bindNow(Duration.ofSeconds(10));
 * // ...
 * server.shutdown(Duration.ofSeconds(30)).block();
 * }</pre>
 *
 * <p>What it answers by itself, as RFC 9457 problem documents ({@code application/problem+json},
 * never a stack trace): {@code 400} for a malformed request or JSON body (naming the location),
 * {@code 404} for an unknown route, {@code 405} with {@code Allow} for a wrong method, {@code 408}
 * when the headers do not arrive within {@link #headerTimeout}, {@code 413} for a body over {@link
 * #maxBodySize}, {@code 414} for a request line over {@link #maxRequestLineLength}, {@code 415} for
 * a JSON body of another type, {@code 431} for headers over {@link #maxHeaderSize}, {@code 500} for
 * a failed handler (logged), {@code 503} when a handler exceeds {@link #requestTimeout}. Every
 * response carries {@code Date}, and {@code Server} when {@link #serverName} is set.
 *
 * <p>Deliberately not included: multipart forms, cookies and sessions, CORS, authentication,
 * request-body aggregation beyond {@link #maxBodySize}.
 */
public final class HttpServer {

  /** The default port, 8080. */
  public static final int DEFAULT_PORT = 8080;

  /** The default body limit, 10 MiB. */
  public static final long DEFAULT_MAX_BODY_SIZE = 10L * 1024 * 1024;

  /** The default request-line limit, 8 KiB. */
  public static final int DEFAULT_MAX_REQUEST_LINE_LENGTH = 8192;

  /** The default header limit, 8 KiB. */
  public static final int DEFAULT_MAX_HEADER_SIZE = 8192;

  /** The default header timeout, 10 seconds. */
  public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);

  /** The default request timeout, 60 seconds. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);

  /** The default idle timeout, 60 seconds. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);

  /** The default compression threshold, 1 KiB. */
  public static final int DEFAULT_COMPRESSION_THRESHOLD = 1024;

  /** The default largest WebSocket message, 64 KiB. */
  public static final int DEFAULT_MAX_WEBSOCKET_MESSAGE_SIZE = 64 * 1024;

  private static final Logger accessLogger = Loggers.getLogger("io.sluice.net.http.AccessLog");

  private String host = "0.0.0.0";
  private int port = DEFAULT_PORT;
  private Routes routes = Routes.create();
  private @Nullable EventLoops eventLoops;
  private @Nullable ServerTls tls;
  private boolean http2;
  private long maxBodySize = DEFAULT_MAX_BODY_SIZE;
  private int maxRequestLineLength = DEFAULT_MAX_REQUEST_LINE_LENGTH;
  private int maxHeaderSize = DEFAULT_MAX_HEADER_SIZE;
  private Duration headerTimeout = DEFAULT_HEADER_TIMEOUT;
  private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
  private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
  private boolean compress;
  private int compressionThreshold = DEFAULT_COMPRESSION_THRESHOLD;
  private @Nullable Consumer<AccessLogEntry> accessLog;
  private @Nullable String serverName;
  private JsonMapper jsonMapper = JsonMapper.shared();
  private Scheduler blockingScheduler = Schedulers.boundedElastic();
  private int maxWebSocketMessageSize = DEFAULT_MAX_WEBSOCKET_MESSAGE_SIZE;

  private HttpServer() {}

  private HttpServer copy() {
    HttpServer copy = new HttpServer();
    copy.host = host;
    copy.port = port;
    copy.routes = routes;
    copy.eventLoops = eventLoops;
    copy.tls = tls;
    copy.http2 = http2;
    copy.maxBodySize = maxBodySize;
    copy.maxRequestLineLength = maxRequestLineLength;
    copy.maxHeaderSize = maxHeaderSize;
    copy.headerTimeout = headerTimeout;
    copy.requestTimeout = requestTimeout;
    copy.idleTimeout = idleTimeout;
    copy.compress = compress;
    copy.compressionThreshold = compressionThreshold;
    copy.accessLog = accessLog;
    copy.serverName = serverName;
    copy.jsonMapper = jsonMapper;
    copy.blockingScheduler = blockingScheduler;
    copy.maxWebSocketMessageSize = maxWebSocketMessageSize;
    return copy;
  }

  /**
   * Returns a server with the defaults: all interfaces, port {@value #DEFAULT_PORT}, no routes.
   *
   * @return a new server configuration
   */
  public static HttpServer create() {
    return new HttpServer();
  }

  /**
   * Sets the address to listen on.
   *
   * <p>Default: {@code 0.0.0.0} (all IPv4 interfaces).
   *
   * @param host a host name or IP address
   * @return a new server configuration
   */
  public HttpServer host(String host) {
    HttpServer copy = copy();
    copy.host = Objects.requireNonNull(host, "host");
    return copy;
  }

  /**
   * Sets the port to listen on; 0 picks a free port, which {@link RunningHttpServer#port()} tells.
   *
   * <p>Default: {@value #DEFAULT_PORT}.
   *
   * @param port 0 to 65535
   * @return a new server configuration
   * @throws IllegalArgumentException if the port is out of range
   */
  public HttpServer port(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0 to 65535, but was " + port);
    }
    HttpServer copy = copy();
    copy.port = port;
    return copy;
  }

  /**
   * Sets the route table.
   *
   * <p>Default: no routes (every request is answered {@code 404}).
   *
   * @param routes the routes
   * @return a new server configuration
   */
  public HttpServer routes(Routes routes) {
    HttpServer copy = copy();
    copy.routes = Objects.requireNonNull(routes, "routes");
    return copy;
  }

  /**
   * Sets the event loops that serve connections; the server does not dispose of them.
   *
   * <p>Default: Reactor Netty's global HTTP loops (one per processor, native when available).
   *
   * @param eventLoops the loops
   * @return a new server configuration
   */
  public HttpServer eventLoops(EventLoops eventLoops) {
    HttpServer copy = copy();
    copy.eventLoops = Objects.requireNonNull(eventLoops, "eventLoops");
    return copy;
  }

  /**
   * Serves HTTPS with a key and certificate chain.
   *
   * <p>Default: plain HTTP.
   *
   * @param tls the key material
   * @return a new server configuration
   */
  public HttpServer tls(ServerTls tls) {
    HttpServer copy = copy();
    copy.tls = Objects.requireNonNull(tls, "tls");
    return copy;
  }

  /**
   * Sets whether HTTP/2 is offered besides HTTP/1.1: over TLS through ALPN ({@code h2}), in plain
   * text by prior knowledge or upgrade ({@code h2c}).
   *
   * <p>Default: {@code false}. Over HTTP/2 the header timeout does not apply and decoding errors
   * reset the stream instead of answering a problem document.
   *
   * @param http2 whether to offer HTTP/2
   * @return a new server configuration
   */
  public HttpServer http2(boolean http2) {
    HttpServer copy = copy();
    copy.http2 = http2;
    return copy;
  }

  /**
   * Sets the largest request body, in bytes. A request declaring a larger {@code Content-Length} is
   * answered {@code 413} before its handler runs, without reading the body; a chunked body that
   * grows past it fails the body stream with a {@code 413} {@link ProblemException}. Either way the
   * connection is closed after the response instead of reading the rest.
   *
   * <p>Default: {@value #DEFAULT_MAX_BODY_SIZE} bytes (10 MiB). Streaming handlers that accept
   * larger uploads raise it for their routes with {@link Routes#maxBodySize(String, long)}; {@link
   * Long#MAX_VALUE} means no limit.
   *
   * @param bytes at least 0
   * @return a new server configuration
   * @throws IllegalArgumentException if negative
   */
  public HttpServer maxBodySize(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("maxBodySize must not be negative, but was " + bytes);
    }
    HttpServer copy = copy();
    copy.maxBodySize = bytes;
    return copy;
  }

  /**
   * Sets the longest request line (method, target and version), in bytes; a longer one is answered
   * {@code 414} and the connection closed.
   *
   * <p>Default: {@value #DEFAULT_MAX_REQUEST_LINE_LENGTH} bytes.
   *
   * @param bytes at least 64
   * @return a new server configuration
   * @throws IllegalArgumentException if smaller than 64
   */
  public HttpServer maxRequestLineLength(int bytes) {
    if (bytes < 64) {
      throw new IllegalArgumentException(
          "maxRequestLineLength must be at least 64, but was " + bytes);
    }
    HttpServer copy = copy();
    copy.maxRequestLineLength = bytes;
    return copy;
  }

  /**
   * Sets the largest header section, in bytes; a larger one is answered {@code 431} and the
   * connection closed.
   *
   * <p>Default: {@value #DEFAULT_MAX_HEADER_SIZE} bytes.
   *
   * @param bytes at least 256
   * @return a new server configuration
   * @throws IllegalArgumentException if smaller than 256
   */
  public HttpServer maxHeaderSize(int bytes) {
    if (bytes < 256) {
      throw new IllegalArgumentException("maxHeaderSize must be at least 256, but was " + bytes);
    }
    HttpServer copy = copy();
    copy.maxHeaderSize = bytes;
    return copy;
  }

  /**
   * Sets how long a client may take to send a request's line and headers, counted from the
   * connection's start or from the first byte of a later request on it. Past it the server answers
   * {@code 408} and closes the connection, so clients that dribble headers cannot hold connections
   * open.
   *
   * <p>Default: 10 seconds. {@link Duration#ZERO} disables it.
   *
   * @param timeout not negative
   * @return a new server configuration
   * @throws IllegalArgumentException if negative
   */
  public HttpServer headerTimeout(Duration timeout) {
    HttpServer copy = copy();
    copy.headerTimeout = notNegative("headerTimeout", timeout);
    return copy;
  }

  /**
   * Sets how long a handler may take to produce its response (status and headers); past it the
   * handler is cancelled and the client answered {@code 503}. Streaming bodies are not limited by
   * it once the response has started.
   *
   * <p>Default: 60 seconds. {@link Duration#ZERO} disables it; handlers that read a large upload
   * before answering need it raised or disabled.
   *
   * @param timeout not negative
   * @return a new server configuration
   * @throws IllegalArgumentException if negative
   */
  public HttpServer requestTimeout(Duration timeout) {
    HttpServer copy = copy();
    copy.requestTimeout = notNegative("requestTimeout", timeout);
    return copy;
  }

  /**
   * Sets how long a kept-alive connection may wait for its next request before it is closed.
   *
   * <p>Default: 60 seconds.
   *
   * @param timeout positive
   * @return a new server configuration
   * @throws IllegalArgumentException if not positive
   */
  public HttpServer idleTimeout(Duration timeout) {
    notNegative("idleTimeout", timeout);
    if (timeout.isZero()) {
      throw new IllegalArgumentException("idleTimeout must be positive, but was " + timeout);
    }
    HttpServer copy = copy();
    copy.idleTimeout = timeout;
    return copy;
  }

  /**
   * Sets whether responses are compressed (gzip, deflate, br or zstd as the client accepts and the
   * class path allows) when larger than {@link #compressionThreshold(int)}.
   *
   * <p>Default: {@code false}. Compressed files are read in chunks instead of being sent zero-copy.
   *
   * @param compress whether to compress
   * @return a new server configuration
   */
  public HttpServer compress(boolean compress) {
    HttpServer copy = copy();
    copy.compress = compress;
    return copy;
  }

  /**
   * Sets the smallest response body, in bytes, that is compressed when compression is on.
   *
   * <p>Default: {@value #DEFAULT_COMPRESSION_THRESHOLD} bytes.
   *
   * @param bytes at least 0
   * @return a new server configuration
   * @throws IllegalArgumentException if negative
   */
  public HttpServer compressionThreshold(int bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException(
          "compressionThreshold must not be negative, but was " + bytes);
    }
    HttpServer copy = copy();
    copy.compressionThreshold = bytes;
    return copy;
  }

  /**
   * Logs every response at INFO to the logger {@code io.sluice.net.http.AccessLog}, one line per
   * request as {@link AccessLogEntry#toString()} formats it.
   *
   * <p>Default: off.
   *
   * @param enabled whether to log
   * @return a new server configuration
   */
  public HttpServer accessLog(boolean enabled) {
    HttpServer copy = copy();
    copy.accessLog = enabled ? entry -> accessLogger.info(entry.toString()) : null;
    return copy;
  }

  /**
   * Hands every finished response to a sink, on the connection's event loop: the sink must be fast
   * and must not block.
   *
   * <p>Default: none.
   *
   * @param sink the access-log sink
   * @return a new server configuration
   */
  public HttpServer accessLog(Consumer<AccessLogEntry> sink) {
    HttpServer copy = copy();
    copy.accessLog = Objects.requireNonNull(sink, "sink");
    return copy;
  }

  /**
   * Sets the {@code Server} header of every response.
   *
   * <p>Default: none (no {@code Server} header).
   *
   * @param serverName a non-blank product name
   * @return a new server configuration
   * @throws IllegalArgumentException if blank or holding a line break
   */
  public HttpServer serverName(String serverName) {
    Objects.requireNonNull(serverName, "serverName");
    if (serverName.isBlank() || serverName.indexOf('\n') >= 0 || serverName.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("serverName must be one non-blank line: " + serverName);
    }
    HttpServer copy = copy();
    copy.serverName = serverName;
    return copy;
  }

  /**
   * Sets the JSON mapper that reads request bodies and writes JSON responses and problems.
   *
   * <p>Default: {@link JsonMapper#shared()}, the mapper shared by every user of Jackson in the JVM
   * that asks for the default (its serializers are built once, not per server).
   *
   * @param jsonMapper the mapper
   * @return a new server configuration
   */
  public HttpServer jsonMapper(JsonMapper jsonMapper) {
    HttpServer copy = copy();
    copy.jsonMapper = Objects.requireNonNull(jsonMapper, "jsonMapper");
    return copy;
  }

  /**
   * Sets the scheduler for blocking file-system calls (file attributes, path resolution).
   *
   * <p>Default: {@link Schedulers#boundedElastic()}.
   *
   * @param scheduler the scheduler
   * @return a new server configuration
   */
  public HttpServer blockingScheduler(Scheduler scheduler) {
    HttpServer copy = copy();
    copy.blockingScheduler = Objects.requireNonNull(scheduler, "scheduler");
    return copy;
  }

  /**
   * Sets the largest WebSocket message, fragments joined, in bytes; a larger one closes the session
   * with {@code 1009}.
   *
   * <p>Default: {@value #DEFAULT_MAX_WEBSOCKET_MESSAGE_SIZE} bytes.
   *
   * @param bytes at least 125
   * @return a new server configuration
   * @throws IllegalArgumentException if smaller than 125
   */
  public HttpServer maxWebSocketMessageSize(int bytes) {
    if (bytes < 125) {
      throw new IllegalArgumentException(
          "maxWebSocketMessageSize must be at least 125, but was " + bytes);
    }
    HttpServer copy = copy();
    copy.maxWebSocketMessageSize = bytes;
    return copy;
  }

  /**
   * Starts listening.
   *
   * <p>Emits the running server once the socket is bound. Errors: {@code
   * reactor.netty.ChannelBindException} naming the address if it cannot be bound.
   *
   * @return a {@code Mono} that binds on subscribe; each subscription binds a new server
   */
  public Mono<RunningHttpServer> bind() {
    return Mono.defer(
        () -> {
          ServerHttpDate date = new ServerHttpDate();
          ServerState state = new ServerState();
          ServerSettings settings =
              new ServerSettings(
                  jsonMapper,
                  maxBodySize,
                  blockingScheduler,
                  requestTimeout,
                  accessLog,
                  serverName,
                  date,
                  maxWebSocketMessageSize);
          ServerWarmUp.run(jsonMapper);
          ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
          long headerTimeoutMillis = headerTimeout.toMillis();
          // HTTP/1.1 connections keep their idle deadline in the request guard, one timer per
          // connection; Reactor Netty's idle handler, added and removed on every keep-alive cycle,
          // is left to HTTP/2 connections, which the guard does not see.
          long guardIdleTimeoutMillis = http2 ? 0 : Math.max(1, idleTimeout.toMillis());
          String name = serverName;
          reactor.netty.http.server.HttpServer server =
              reactor.netty.http.server.HttpServer.create()
                  .host(host)
                  .port(port)
                  .httpRequestDecoder(
                      spec ->
                          spec.maxInitialLineLength(maxRequestLineLength)
                              .maxHeaderSize(maxHeaderSize))
                  .channelGroup(connections)
                  .doOnChannelInit(
                      (observer, channel, remote) ->
                          ServerRequestGuard.install(
                              channel.pipeline(),
                              headerTimeoutMillis,
                              guardIdleTimeoutMillis,
                              date,
                              name))
                  .handle(new ServerEngine(routes, settings, state));
          if (http2) {
            server = server.idleTimeout(idleTimeout);
          }
          if (eventLoops != null) {
            server = server.runOn(eventLoops.loopResources(), eventLoops.isNative());
          }
          if (compress) {
            server = server.compress(compressionThreshold);
          }
          ServerTls serverTls = tls;
          if (serverTls != null) {
            SslProvider.GenericSslContextSpec<?> context =
                http2
                    ? Http2SslContextSpec.forServer(
                        serverTls.privateKey(), serverTls.certificateChain())
                    : Http11SslContextSpec.forServer(
                        serverTls.privateKey(), serverTls.certificateChain());
            server =
                server
                    .protocol(
                        http2
                            ? new HttpProtocol[] {HttpProtocol.H2, HttpProtocol.HTTP11}
                            : new HttpProtocol[] {HttpProtocol.HTTP11})
                    .secure(
                        spec ->
                            spec.sslContext(context)
                                .handshakeTimeout(serverTls.handshakeTimeout()));
          } else if (http2) {
            server = server.protocol(HttpProtocol.HTTP11, HttpProtocol.H2C);
          }
          return server.bind().map(bound -> new RunningHttpServer(bound, connections, state));
        });
  }

  /**
   * Binds, blocking the calling thread; for {@code main} methods and tests, never on an event loop.
   *
   * @param timeout how long to wait for the bind
   * @return the running server
   * @throws IllegalStateException if the bind did not finish in time
   */
  public RunningHttpServer bindNow(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    RunningHttpServer running = bind().block(timeout);
    if (running == null) {
      throw new IllegalStateException("The server did not bind");
    }
    return running;
  }

  @Override
  public String toString() {
    return "HttpServer[host="
        + host
        + ", port="
        + port
        + ", tls="
        + (tls != null)
        + ", http2="
        + http2
        + ", "
        + routes
        + "]";
  }

  private static Duration notNegative(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, but was " + value);
    }
    return value;
  }
}
