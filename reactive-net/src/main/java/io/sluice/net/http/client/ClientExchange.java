package io.sluice.net.http.client;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.timeout.ReadTimeoutException;
import io.sluice.codec.LineOptions;
import io.sluice.codec.Lines;
import io.sluice.codec.Ndjson;
import io.sluice.codec.NdjsonOptions;
import io.sluice.net.ClientTls;
import io.sluice.net.EventLoops;
import io.sluice.net.internal.ByteBufCopy;
import io.sluice.net.internal.ClientTlsContexts;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.NettyOutbound;
import reactor.netty.NettyPipeline;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClientRequest;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.resources.ConnectionProvider;
import reactor.util.retry.Retry;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the requests of one {@link HttpClient} on Reactor Netty: owns the connection pool, sends a
 * request, reads its response the way the terminal method asked, maps Netty's failures to the
 * client's exceptions and applies the retry policy.
 */
final class ClientExchange {

  private static final Set<String> IDEMPOTENT =
      Set.of("GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE");

  private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {};

  private final HttpClient.Builder settings;
  private final ConnectionProvider provider;
  private final reactor.netty.http.client.HttpClient netty;
  private final JsonMapper mapper;

  ClientExchange(HttpClient.Builder settings) {
    this.settings = settings;
    this.provider =
        ConnectionProvider.builder("sluice-http-client")
            .maxConnections(settings.maxConnections)
            .pendingAcquireMaxCount(settings.maxPendingAcquires)
            .pendingAcquireTimeout(settings.pendingAcquireTimeout)
            .maxIdleTime(settings.maxIdleTime)
            .evictInBackground(settings.maxIdleTime)
            .build();
    reactor.netty.http.client.HttpClient client =
        reactor.netty.http.client.HttpClient.create(provider)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout.toMillis())
            .responseTimeout(settings.responseTimeout)
            .followRedirect(settings.followRedirects)
            .protocol(protocols(settings.protocols))
            // The response timeout covers the wait for the headers only: a streamed body that
            // the subscriber reads slowly must not time out.
            .doOnResponse(
                (response, connection) ->
                    connection.removeHandler(NettyPipeline.ResponseTimeoutHandler));
    EventLoops loops = settings.eventLoops;
    if (loops != null) {
      client = client.runOn(loops.loopResources(), loops.isNative());
    }
    ClientTls tls = settings.tls;
    if (tls != null) {
      client =
          client.secure(
              settings.protocols.contains(HttpVersion.H2)
                  ? ClientTlsContexts.http2(tls)
                  : ClientTlsContexts.http11(tls));
    }
    this.netty = client;
    JsonMapper configured = settings.jsonMapper;
    this.mapper = configured != null ? configured : JsonMapper.builder().build();
  }

  private static HttpProtocol[] protocols(Set<HttpVersion> versions) {
    return versions.stream()
        .map(
            v ->
                switch (v) {
                  case HTTP_1_1 -> HttpProtocol.HTTP11;
                  case H2 -> HttpProtocol.H2;
                  case H2C -> HttpProtocol.H2C;
                })
        .toArray(HttpProtocol[]::new);
  }

  Mono<Void> close() {
    return provider.disposeLater();
  }

  // ---- terminal operations --------------------------------------------------------------

  Mono<ClientResponse> whole(ClientRequest request) {
    return send(request, (response, body) -> readWhole(request, response, body), settings.retry)
        .single();
  }

  Mono<ClientResponse> checkedWhole(ClientRequest request) {
    return send(
            request,
            (response, body) ->
                successful(response)
                    ? readWhole(request, response, body)
                    : statusError(request, response, body),
            settings.retry)
        .single();
  }

  Flux<ByteBuffer> streamed(ClientRequest request) {
    return send(
        request,
        (response, body) ->
            successful(response)
                ? body.map(ByteBufCopy::toOwned)
                : statusError(request, response, body),
        settings.retry);
  }

  Flux<String> lines(ClientRequest request) {
    return streamed(request)
        .transform(Lines.decoder(LineOptions.defaults().withMaxLineLength(settings.maxLineLength)));
  }

  <T> Flux<T> ndjson(ClientRequest request, Class<T> type) {
    return streamed(request)
        .transform(
            Ndjson.decoder(
                type,
                NdjsonOptions.defaults()
                    .withMapper(mapper)
                    .withMaxLineLength(settings.maxLineLength)));
  }

  Flux<ServerSentEvent> events(ClientRequest request, SseOptions options) {
    return Flux.defer(
        () -> {
          SseSession session = new SseSession(options);
          return Flux.defer(() -> eventsOnce(request, options, session))
              .repeatWhen(
                  closes ->
                      closes
                          .takeWhile(close -> session.reconnectAfterClose())
                          .concatMap(close -> session.delay()))
              .retryWhen(
                  Retry.from(
                      failures ->
                          failures.concatMap(
                              failure -> session.reconnectAfterError(failure.failure()))));
        });
  }

  private Flux<ServerSentEvent> eventsOnce(
      ClientRequest request, SseOptions options, SseSession session) {
    ClientRequest sent =
        request.header("Accept", "text/event-stream").header("Cache-Control", "no-cache");
    String lastEventId = session.lastEventId();
    if (lastEventId != null) {
      sent = sent.header("Last-Event-ID", lastEventId);
    }
    ClientRequest finalRequest = sent;
    Flux<ByteBuffer> chunks =
        send(
            finalRequest,
            (response, body) -> {
              if (response.status().code() == 204) {
                session.stop();
                return Flux.empty();
              }
              if (!successful(response)) {
                return statusError(finalRequest, response, body);
              }
              String type = response.responseHeaders().get(HttpHeaderNames.CONTENT_TYPE);
              if (type == null || !type.regionMatches(true, 0, "text/event-stream", 0, 17)) {
                session.stop();
                return Flux.error(
                    new IllegalStateException(
                        finalRequest
                            + " answered with Content-Type "
                            + type
                            + ", not text/event-stream"));
              }
              return body.map(ByteBufCopy::toOwned);
            },
            HttpRetry.none());
    int max = options.maxEventSize();
    SseEventParser parser =
        new SseEventParser(
            session,
            max,
            () -> new HttpResponseTooLargeException(request.uri(), "maxEventSize", max));
    return SseLineSplitter.split(
            chunks,
            max,
            seen -> new HttpResponseTooLargeException(request.uri(), "maxEventSize", max))
        .handle(
            (line, sink) -> {
              ServerSentEvent event = parser.accept(line);
              if (event != null) {
                sink.next(event);
              }
            });
  }

  // ---- sending and retrying -------------------------------------------------------------

  /** Reads one response; called on the event loop once the headers arrived. */
  @FunctionalInterface
  private interface ResponseReader<T> {
    Publisher<T> read(HttpClientResponse response, ByteBufFlux body);
  }

  /** What one subscription remembers across its attempts. */
  private static final class Attempts {
    volatile boolean emitted;
    final List<Throwable> failures = new ArrayList<>(0);

    Throwable withEarlierFailures(Throwable last) {
      for (Throwable earlier : failures) {
        if (earlier != last) {
          last.addSuppressed(earlier);
        }
      }
      return last;
    }
  }

  private <T> Flux<T> send(ClientRequest request, ResponseReader<T> reader, HttpRetry retry) {
    boolean idempotent = IDEMPOTENT.contains(request.method());
    if (retry.maxRetries() == 0) {
      return attempt(request, reader, new Attempts());
    }
    return Flux.defer(
        () -> attemptWithRetries(request, reader, retry, idempotent, new Attempts(), 0));
  }

  private <T> Flux<T> attemptWithRetries(
      ClientRequest request,
      ResponseReader<T> reader,
      HttpRetry retry,
      boolean idempotent,
      Attempts attempts,
      int retries) {
    attempts.emitted = false;
    return attempt(request, reader, attempts)
        .onErrorResume(
            failure -> {
              if (retries >= retry.maxRetries()
                  || attempts.emitted
                  || !retryable(failure, idempotent, retry)) {
                return Flux.error(attempts.withEarlierFailures(failure));
              }
              attempts.failures.add(failure);
              return Mono.delay(backoff(retry, retries))
                  .thenMany(
                      Flux.defer(
                          () ->
                              attemptWithRetries(
                                  request, reader, retry, idempotent, attempts, retries + 1)));
            });
  }

  /** The wait before retry number {@code retries + 1}: doubling, capped, with jitter. */
  static Duration backoff(HttpRetry retry, int retries) {
    long min = retry.minBackoff().toNanos();
    long max = retry.maxBackoff().toNanos();
    long delay = retries >= 62 ? max : Math.min(max, min << Math.min(retries, 62 - 1));
    if (delay < 0 || delay > max) {
      delay = max;
    }
    long offset = (long) (delay * retry.jitter());
    long low = Math.max(min - delay, -offset);
    long high = Math.min(max - delay, offset);
    long jittered = high > low ? ThreadLocalRandom.current().nextLong(low, high + 1) : 0;
    return Duration.ofNanos(Math.max(0, delay + jittered));
  }

  private <T> Flux<T> attempt(ClientRequest request, ResponseReader<T> reader, Attempts attempts) {
    return netty
        .request(HttpMethod.valueOf(request.method()))
        .uri(request.uri())
        .send((nettyRequest, outbound) -> write(request, nettyRequest, outbound))
        .response(
            (response, body) ->
                Flux.from(reader.read(response, body)).doOnNext(item -> attempts.emitted = true))
        .onErrorMap(failure -> translate(failure, request));
  }

  private Publisher<Void> write(
      ClientRequest request, HttpClientRequest nettyRequest, NettyOutbound outbound) {
    HttpHeaders headers = nettyRequest.requestHeaders();
    // The request's own headers replace Reactor Netty's defaults of the same name (Accept: */*).
    java.util.Set<String> replaced = new java.util.HashSet<>();
    for (Map.Entry<String, String> header : request.headers()) {
      if (replaced.add(header.getKey().toLowerCase(java.util.Locale.ROOT))) {
        headers.remove(header.getKey());
      }
      headers.add(header.getKey(), header.getValue());
    }
    RequestBody body = request.body();
    if (body == null) {
      return outbound;
    }
    String contentType = body.defaultContentType();
    if (contentType != null && !headers.contains(HttpHeaderNames.CONTENT_TYPE)) {
      headers.set(HttpHeaderNames.CONTENT_TYPE, contentType);
    }
    var fixed = body.fixed();
    if (fixed != null) {
      byte[] bytes = fixed.apply(mapper);
      headers.set(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
      return outbound.sendByteArray(Mono.just(bytes));
    }
    Publisher<ByteBuffer> stream = body.stream();
    if (stream == null) {
      return outbound;
    }
    if (!headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
      headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    }
    return outbound.send(Flux.from(stream).map(Unpooled::wrappedBuffer));
  }

  private Throwable translate(Throwable failure, ClientRequest request) {
    if (failure instanceof io.netty.channel.ConnectTimeoutException) {
      return timeout(HttpClientTimeoutException.Phase.CONNECT, settings.connectTimeout, request)
          .initCause(failure);
    }
    if (failure instanceof ReadTimeoutException) {
      return timeout(HttpClientTimeoutException.Phase.RESPONSE, settings.responseTimeout, request);
    }
    if (failure instanceof TimeoutException) {
      return timeout(
              HttpClientTimeoutException.Phase.POOL_ACQUIRE,
              settings.pendingAcquireTimeout,
              request)
          .initCause(failure);
    }
    return failure;
  }

  private static HttpClientTimeoutException timeout(
      HttpClientTimeoutException.Phase phase, java.time.Duration timeout, ClientRequest request) {
    return new HttpClientTimeoutException(phase, timeout, request.method(), request.uri());
  }

  private static boolean retryable(Throwable failure, boolean idempotent, HttpRetry retry) {
    if (failure instanceof ConnectException
        || (failure instanceof HttpClientTimeoutException timeout
            && timeout.phase() == HttpClientTimeoutException.Phase.CONNECT)) {
      return true;
    }
    if (!idempotent) {
      return false;
    }
    if (failure instanceof HttpStatusException status) {
      return retry.statuses().contains(status.status());
    }
    return failure instanceof IOException;
  }

  // ---- reading responses ----------------------------------------------------------------

  private static boolean successful(HttpClientResponse response) {
    int status = response.status().code();
    return status >= 200 && status < 300;
  }

  private Mono<ClientResponse> readWhole(
      ClientRequest request, HttpClientResponse response, ByteBufFlux body) {
    long max = settings.maxResponseSize;
    String declared = response.responseHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
    // A HEAD response announces the length of a body it does not carry.
    if (declared != null && !"HEAD".equals(request.method()) && parseLength(declared) > max) {
      return Mono.error(new HttpResponseTooLargeException(request.uri(), "maxResponseSize", max));
    }
    BoundedBody collected = new BoundedBody(max);
    return body.doOnNext(
            buf ->
                collected.append(
                    buf,
                    () -> new HttpResponseTooLargeException(request.uri(), "maxResponseSize", max)))
        .then(
            Mono.fromSupplier(
                () ->
                    new ClientResponse(
                        response.status().code(),
                        response.responseHeaders(),
                        collected.toByteArray(),
                        mapper)));
  }

  private static long parseLength(String value) {
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private <T> Mono<T> statusError(
      ClientRequest request, HttpClientResponse response, ByteBufFlux body) {
    BoundedBody collected = new BoundedBody(HttpStatusException.MAX_BODY_LENGTH);
    return body.doOnNext(collected::appendTruncating)
        .takeUntil(buf -> collected.truncated())
        .then(Mono.fromSupplier(() -> statusException(request, response, collected)))
        .flatMap(Mono::error);
  }

  private HttpStatusException statusException(
      ClientRequest request, HttpClientResponse response, BoundedBody collected) {
    byte[] bytes = collected.toByteArray();
    String type = response.responseHeaders().get(HttpHeaderNames.CONTENT_TYPE);
    HttpProblem problem = null;
    if (type != null
        && type.regionMatches(true, 0, "application/problem+json", 0, 24)
        && !collected.truncated()) {
      problem = problem(bytes);
    }
    return new HttpStatusException(
        request.method(),
        request.uri(),
        response.status().code(),
        ClientResponse.copyOf(response.responseHeaders()),
        new String(bytes, StandardCharsets.UTF_8),
        collected.truncated(),
        problem);
  }

  private @Nullable HttpProblem problem(byte[] bytes) {
    Map<String, Object> members;
    try {
      members = mapper.readValue(bytes, JSON_OBJECT);
    } catch (JacksonException e) {
      return null;
    }
    if (members == null) {
      return null;
    }
    Map<String, Object> extensions = new TreeMap<>();
    members.forEach(
        (name, value) -> {
          if (value != null
              && !Set.of("type", "title", "status", "detail", "instance").contains(name)) {
            extensions.put(name, value);
          }
        });
    Object status = members.get("status");
    return new HttpProblem(
        text(members.get("type"), "about:blank"),
        textOrNull(members.get("title")),
        status instanceof Number number ? number.intValue() : 0,
        textOrNull(members.get("detail")),
        textOrNull(members.get("instance")),
        extensions);
  }

  private static String text(@Nullable Object value, String fallback) {
    return value instanceof String s ? s : fallback;
  }

  private static @Nullable String textOrNull(@Nullable Object value) {
    return value instanceof String s ? s : null;
  }
}
