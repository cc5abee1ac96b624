package io.sluice.net.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.sluice.net.internal.EventLoopTimer;
import io.sluice.net.internal.ServerPathDecoder;
import io.sluice.net.internal.WebSocketSessionAdapter;
import io.sluice.net.ws.WebSocketCloseStatus;
import io.sluice.net.ws.WebSocketHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.Exceptions;
import reactor.core.Fuseable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.netty.Connection;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.util.Logger;
import reactor.util.Loggers;

/** Routes each request, runs its handler and writes the response or the problem. */
final class ServerEngine
    implements BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> {

  private static final Logger log = Loggers.getLogger(HttpServer.class);

  /** The most of an unread request body discarded to keep the connection; larger ones close it. */
  static final long DISCARD_LIMIT = 256 * 1024;

  /** How long discarding an unread body may take before the connection is closed instead. */
  static final Duration DISCARD_TIMEOUT = Duration.ofSeconds(5);

  private final Router router;
  private final ServerSettings settings;
  private final ServerState state;
  private final ResponseWriter writer;
  private final WebsocketServerSpec websocketSpec;

  ServerEngine(Routes routes, ServerSettings settings, ServerState state) {
    this.router = new Router(routes);
    this.settings = settings;
    this.state = state;
    this.writer = new ResponseWriter(settings);
    this.websocketSpec =
        WebsocketServerSpec.builder()
            .maxFramePayloadLength(settings.maxWebSocketMessageSize())
            .build();
  }

  @Override
  public Publisher<Void> apply(HttpServerRequest req, HttpServerResponse res) {
    long startNanos = System.nanoTime();
    // The Date header is set when the response is written (ResponseWriter); a WebSocket handshake,
    // which the writer does not send, is dated in webSocket(..).
    if (settings.serverName() != null) {
      res.header(HttpHeaderNames.SERVER, settings.serverName());
    }
    String method = req.method().name();
    String uri = req.uri();
    List<String> segments;
    try {
      segments = ServerPathDecoder.segments(ServerPathDecoder.rawPath(uri));
    } catch (IllegalArgumentException e) {
      return respond(
          req,
          res,
          new NettyServerRequest(req, settings),
          Mono.error(new ProblemException(400, String.valueOf(e.getMessage()))),
          startNanos);
    }
    Router.Result result = router.route(method, segments);
    if (result instanceof Router.Found found) {
      Route route = found.route();
      List<String> rest =
          route.template().endsWithRest()
              ? segments.subList(route.template().restStart(), segments.size())
              : List.of();
      long maxBodySize = route.maxBodySize() < 0 ? settings.maxBodySize() : route.maxBodySize();
      NettyServerRequest request =
          new NettyServerRequest(req, settings, found.parameters(), rest, maxBodySize);
      WebSocketHandler webSocket = route.webSocket();
      if (webSocket != null) {
        return webSocket(req, res, request, webSocket, startNanos);
      }
      RequestHandler handler = route.handler();
      long declared = NettyServerRequest.declaredLength(req);
      if (declared > maxBodySize) {
        return respond(req, res, request, tooLarge(maxBodySize), startNanos);
      }
      Mono<ServerResponse> response = handle(handler, request);
      if (response instanceof Fuseable.ScalarCallable<?>) {
        // Known at once (Mono.just, Mono.error, Mono.empty): nothing to wait for, so no deadline.
        return respond(req, res, request, response, startNanos);
      }
      if (!settings.requestTimeout().isZero()) {
        response =
            req instanceof Connection connection
                ? response.timeout(
                    EventLoopTimer.after(
                        connection.channel().eventLoop(), settings.requestTimeout().toNanos()))
                : response.timeout(settings.requestTimeout());
      }
      return respond(req, res, request, response, startNanos);
    }
    NettyServerRequest request = new NettyServerRequest(req, settings);
    if (result instanceof Router.MethodNotAllowed notAllowed) {
      if (method.equals("OPTIONS")) {
        return respond(
            req,
            res,
            request,
            Mono.just(ServerResponse.status(204).withHeader("allow", notAllowed.allow())),
            startNanos);
      }
      return respond(
          req,
          res,
          request,
          Mono.just(
              problem(
                      new ProblemException(
                          405, method + " is not allowed here; allowed: " + notAllowed.allow()),
                      request)
                  .withHeader("allow", notAllowed.allow())),
          startNanos);
    }
    return respond(
        req,
        res,
        request,
        Mono.error(new ProblemException(404, "No route for " + method + " " + request.path())),
        startNanos);
  }

  /**
   * Runs the handler now, on the request's thread: a handler that throws or returns {@code null}
   * answers the same as one whose {@code Mono} fails.
   */
  private static Mono<ServerResponse> handle(
      @Nullable RequestHandler handler, NettyServerRequest request) {
    if (handler == null) {
      return Mono.empty();
    }
    try {
      Mono<ServerResponse> response = handler.handle(request);
      return response == null
          ? Mono.error(new NullPointerException("The handler returned a null Mono"))
          : response;
    } catch (RuntimeException | Error e) {
      return Mono.error(e);
    }
  }

  private static Mono<ServerResponse> tooLarge(long maxBodySize) {
    return Mono.error(
        new ProblemException(413, "The request body is larger than " + maxBodySize + " bytes"));
  }

  private Publisher<Void> webSocket(
      HttpServerRequest req,
      HttpServerResponse res,
      NettyServerRequest request,
      WebSocketHandler handler,
      long startNanos) {
    String upgrade = req.requestHeaders().get(HttpHeaderNames.UPGRADE);
    if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
      return respond(
          req,
          res,
          request,
          Mono.just(
              problem(new ProblemException(426, "This is a WebSocket endpoint"), request)
                  .withHeader("upgrade", "websocket")),
          startNanos);
    }
    res.header(HttpHeaderNames.DATE, settings.date().now());
    return res.sendWebsocket(
        (in, out) -> {
          WebSocketSessionAdapter session =
              new WebSocketSessionAdapter(in, out, settings.maxWebSocketMessageSize());
          return Mono.defer(() -> handler.handle(session))
              .onErrorResume(
                  error -> {
                    log.warn("WebSocket handler for {} failed", req.uri(), error);
                    return session.close(WebSocketCloseStatus.INTERNAL_ERROR);
                  });
        },
        websocketSpec);
  }

  private Mono<Void> respond(
      HttpServerRequest req,
      HttpServerResponse res,
      NettyServerRequest request,
      Mono<ServerResponse> response,
      long startNanos) {
    Exchange exchange = new Exchange(req, res, request);
    Mono<Void> written;
    if (response instanceof Fuseable.ScalarCallable<?> scalar) {
      // The fast path: the answer (or the error) is known now, so it is written without the
      // operators that wait for it.
      written = exchange.send(answerOf(scalar, request));
    } else {
      written =
          response
              .switchIfEmpty(Mono.error(ServerEngine::noResponse))
              .onErrorResume(error -> Mono.just(problem(error, request)))
              .flatMap(exchange::send);
    }
    Consumer<AccessLogEntry> accessLog = settings.accessLog();
    if (accessLog == null) {
      return written;
    }
    Instant start = Instant.now();
    return written.doFinally(
        signal ->
            accessLog.accept(
                new AccessLogEntry(
                    start,
                    req.remoteAddress(),
                    req.method().name(),
                    req.uri(),
                    req.protocol(),
                    exchange.status,
                    exchange.bytesSent.get(),
                    Duration.ofNanos(System.nanoTime() - startNanos),
                    signal == SignalType.ON_COMPLETE)));
  }

  private ServerResponse answerOf(Fuseable.ScalarCallable<?> scalar, NettyServerRequest request) {
    Object answer;
    try {
      answer = scalar.call();
    } catch (Throwable error) {
      return problem(Exceptions.unwrap(error), request);
    }
    if (answer == null) {
      return problem(noResponse(), request);
    }
    return (ServerResponse) answer;
  }

  private static IllegalStateException noResponse() {
    return new IllegalStateException("The handler completed without a response");
  }

  /** One request's response on its way out: what was answered, for the access log. */
  private final class Exchange {

    private final HttpServerRequest req;
    private final HttpServerResponse res;
    private final NettyServerRequest request;
    private final AtomicLong bytesSent = new AtomicLong(-1);
    private volatile int status;

    Exchange(HttpServerRequest req, HttpServerResponse res, NettyServerRequest request) {
      this.req = req;
      this.res = res;
      this.request = request;
    }

    /** Writes the answer; if that fails before the head is sent, writes a problem instead. */
    Mono<Void> send(ServerResponse answer) {
      status = answer.status();
      return write(answer).onErrorResume(this::failed);
    }

    private Mono<Void> failed(Throwable error) {
      if (res.hasSentHeaders()) {
        log.warn(
            "Response to {} {} failed after its head was sent; closing the connection",
            req.method(),
            req.uri(),
            error);
        return Mono.error(error);
      }
      res.responseHeaders().clear();
      if (settings.serverName() != null) {
        res.header(HttpHeaderNames.SERVER, settings.serverName());
      }
      ServerResponse answer = problem(error, request);
      status = answer.status();
      return write(answer);
    }

    private Mono<Void> write(ServerResponse answer) {
      Mono<Void> discarded = closeIfNeeded(req, res, request);
      if (discarded != null) {
        return discarded.then(Mono.defer(() -> writer.write(request, res, answer, bytesSent)));
      }
      try {
        return writer.write(request, res, answer, bytesSent);
      } catch (RuntimeException e) {
        return Mono.error(e);
      }
    }
  }

  /**
   * Marks the connection for closing when the server is draining, or when the request body was left
   * unread: a body the handler never touched is first discarded up to {@link #DISCARD_LIMIT} bytes
   * (as Go's server does), so a client sending a small body still gets the response instead of a
   * reset, and the connection stays reusable.
   *
   * @return what discards the body, or {@code null} when nothing needs to be waited for
   */
  private @Nullable Mono<Void> closeIfNeeded(
      HttpServerRequest req, HttpServerResponse res, NettyServerRequest request) {
    if (!NettyServerRequest.isHttp11(req)) {
      return null;
    }
    if (state.draining()) {
      close(res);
      return null;
    }
    if (!request.hasUnreadBody()) {
      return null;
    }
    return request
        .discardUnreadBody(DISCARD_LIMIT)
        .timeout(DISCARD_TIMEOUT, Mono.just(false))
        .doOnNext(
            discarded -> {
              if (!discarded) {
                close(res);
              }
            })
        .then();
  }

  private static void close(HttpServerResponse res) {
    res.header(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    res.keepAlive(false);
  }

  private ServerResponse problem(Throwable error, NettyServerRequest request) {
    ProblemException problem;
    if (error instanceof ProblemException known) {
      problem = known;
    } else if (error instanceof TimeoutException) {
      problem =
          new ProblemException(
              503, "The server did not respond within " + settings.requestTimeout());
    } else {
      log.error("Handler for {} {} failed; answering 500", request.method(), request.uri(), error);
      problem = new ProblemException(500, "The server could not handle the request");
    }
    return Problems.render(problem, request.path(), settings.jsonMapper());
  }
}
