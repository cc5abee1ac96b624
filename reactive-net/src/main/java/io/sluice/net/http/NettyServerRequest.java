package io.sluice.net.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.sluice.codec.Csv;
import io.sluice.codec.CsvOptions;
import io.sluice.codec.LineOptions;
import io.sluice.codec.Lines;
import io.sluice.codec.Ndjson;
import io.sluice.codec.NdjsonOptions;
import io.sluice.net.internal.ServerFileRoot;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;

/** A {@link ServerRequest} over a Reactor Netty request. */
final class NettyServerRequest implements ServerRequest {

  private final HttpServerRequest netty;
  private final ServerSettings settings;
  private final Map<String, String> pathParams;
  private final List<String> restSegments;
  private final long maxBodySize;
  private final AtomicBoolean consumed = new AtomicBoolean();
  private volatile boolean bodyDone;
  private @Nullable Map<String, List<String>> query;

  NettyServerRequest(
      HttpServerRequest netty,
      ServerSettings settings,
      Map<String, String> pathParams,
      List<String> restSegments,
      long maxBodySize) {
    this.netty = netty;
    this.settings = settings;
    this.pathParams = pathParams;
    this.restSegments = restSegments;
    this.maxBodySize = maxBodySize;
  }

  NettyServerRequest(HttpServerRequest netty, ServerSettings settings) {
    this(netty, settings, Map.of(), List.of(), settings.maxBodySize());
  }

  @Override
  public String method() {
    return netty.method().name();
  }

  @Override
  public String uri() {
    return netty.uri();
  }

  @Override
  public String path() {
    return io.sluice.net.internal.ServerPathDecoder.rawPath(netty.uri());
  }

  @Override
  public String pathParam(String name) {
    String value = pathParams.get(Objects.requireNonNull(name, "name"));
    if (value == null) {
      throw new IllegalArgumentException(
          "The route has no path parameter '" + name + "'; it has " + pathParams.keySet());
    }
    return value;
  }

  @Override
  public Map<String, String> pathParams() {
    return pathParams;
  }

  @Override
  public Optional<String> queryParam(String name) {
    List<String> values = queryParams(name);
    return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  @Override
  public List<String> queryParams(String name) {
    List<String> values = queryParams().get(Objects.requireNonNull(name, "name"));
    return values == null ? List.of() : values;
  }

  @Override
  public Map<String, List<String>> queryParams() {
    Map<String, List<String>> decoded = query;
    if (decoded == null) {
      decoded = Map.copyOf(new QueryStringDecoder(netty.uri()).parameters());
      query = decoded;
    }
    return decoded;
  }

  @Override
  public @Nullable String header(String name) {
    return netty.requestHeaders().get(Objects.requireNonNull(name, "name"));
  }

  @Override
  public List<String> headers(String name) {
    return List.copyOf(netty.requestHeaders().getAll(Objects.requireNonNull(name, "name")));
  }

  @Override
  public OptionalLong contentLength() {
    long length = declaredLength(netty);
    return length < 0 ? OptionalLong.empty() : OptionalLong.of(length);
  }

  @Override
  public @Nullable InetSocketAddress remoteAddress() {
    return netty.remoteAddress();
  }

  @Override
  public Flux<ByteBuffer> body() {
    return Flux.defer(
        () -> {
          if (!consumed.compareAndSet(false, true)) {
            return Flux.error(
                new IllegalStateException("The request body can be consumed only once"));
          }
          long max = maxBodySize;
          long[] received = {0};
          return netty
              .receive()
              .<ByteBuffer>handle(
                  (buf, sink) -> {
                    int readable = buf.readableBytes();
                    received[0] += readable;
                    if (received[0] > max) {
                      sink.error(
                          new ProblemException(
                              413, "The request body is larger than " + max + " bytes"));
                      return;
                    }
                    ByteBuffer copy = ByteBuffer.allocate(readable);
                    buf.getBytes(buf.readerIndex(), copy);
                    sink.next(copy.flip());
                  })
              .doOnComplete(() -> bodyDone = true);
        });
  }

  @Override
  public Flux<String> bodyLines() {
    return Flux.defer(
        () ->
            decoded(
                Lines.decoder(
                    LineOptions.defaults()
                        .withCharset(BodyDecoding.charset(header("content-type")))),
                String.class));
  }

  @Override
  public Flux<String> bodyLines(LineOptions options) {
    Objects.requireNonNull(options, "options");
    return Flux.defer(() -> decoded(Lines.decoder(options), String.class));
  }

  @Override
  public <T> Flux<T> bodyNdjson(Class<T> type) {
    return bodyNdjson(type, NdjsonOptions.DEFAULT_MAX_LINE_LENGTH);
  }

  @Override
  public <T> Flux<T> bodyNdjson(Class<T> type, int maxLineLength) {
    Objects.requireNonNull(type, "type");
    NdjsonOptions options =
        NdjsonOptions.defaults().withMapper(settings.jsonMapper()).withMaxLineLength(maxLineLength);
    return Flux.defer(
        () -> {
          BodyDecoding.requireNdjson(header("content-type"));
          return decoded(Ndjson.decoder(type, options), type);
        });
  }

  @Override
  public <T> Flux<T> bodyCsv(Class<T> type) {
    return bodyCsv(type, CsvOptions.defaults());
  }

  @Override
  public <T> Flux<T> bodyCsv(Class<T> type, CsvOptions options) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(options, "options");
    return Flux.defer(
        () -> {
          BodyDecoding.requireCsv(header("content-type"));
          return decoded(Csv.decoder(type, options), type);
        });
  }

  private <T> Flux<T> decoded(Function<Flux<ByteBuffer>, Flux<T>> decoder, Class<?> type) {
    return body().transform(decoder).onErrorMap(error -> BodyDecoding.problem(error, type));
  }

  @Override
  public Mono<String> bodyText() {
    return bodyBytes().map(bytes -> new String(bytes, StandardCharsets.UTF_8));
  }

  @Override
  public <T> Mono<T> bodyJson(Class<T> type) {
    Objects.requireNonNull(type, "type");
    return Mono.defer(
        () -> {
          String contentType = header("content-type");
          if (contentType != null && !isJson(contentType)) {
            return Mono.error(
                new ProblemException(
                    415, "Expected a JSON body (application/json), but got " + contentType));
          }
          return bodyBytes().map(bytes -> readJson(bytes, type));
        });
  }

  Mono<ServerResponse> serveFromRoot(ServerFileRoot root) {
    return Mono.fromCallable(() -> root.resolve(restSegments))
        .subscribeOn(settings.blockingScheduler())
        .map(
            file ->
                file.map(ServerResponse::file)
                    .orElseThrow(() -> new ProblemException(404, "No file at " + path())));
  }

  /** Whether a body was announced and not read to its end. */
  boolean hasUnreadBody() {
    if (bodyDone) {
      return false;
    }
    return declaredLength(netty) > 0
        || netty
            .requestHeaders()
            .containsValue(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED, true);
  }

  /**
   * Reads and discards a body the handler never subscribed to, so that closing or reusing the
   * connection does not reset it under a client still sending (a socket closed with unread input
   * answers with a TCP reset, and the client may lose the response). Emits {@code true} when the
   * whole body was discarded within {@code limit} bytes, {@code false} when it was larger, already
   * taken by the handler, or announced over the limit.
   */
  Mono<Boolean> discardUnreadBody(long limit) {
    if (bodyDone) {
      return Mono.just(true);
    }
    long declared = declaredLength(netty);
    if (declared > limit || !consumed.compareAndSet(false, true)) {
      return Mono.just(false);
    }
    long[] received = {0};
    return netty
        .receive()
        .handle(
            (buf, sink) -> {
              received[0] += buf.readableBytes();
              if (received[0] > limit) {
                sink.complete();
              }
            })
        .then(Mono.fromCallable(() -> received[0] <= limit))
        .doOnNext(complete -> bodyDone = complete)
        .onErrorReturn(false);
  }

  HttpServerRequest netty() {
    return netty;
  }

  private Mono<byte[]> bodyBytes() {
    return body()
        .collect(
            ByteArrayOutputStream::new,
            (out, chunk) -> out.write(chunk.array(), chunk.arrayOffset(), chunk.remaining()))
        .map(ByteArrayOutputStream::toByteArray);
  }

  private <T> T readJson(byte[] bytes, Class<T> type) {
    if (bytes.length == 0) {
      throw new ProblemException(400, "The request body is empty; expected JSON");
    }
    try {
      return settings.jsonMapper().readValue(bytes, type);
    } catch (StreamReadException e) {
      TokenStreamLocation location = e.getLocation();
      int line = location == null ? -1 : location.getLineNr();
      int column = location == null ? -1 : location.getColumnNr();
      throw new ProblemException(
          400,
          "Malformed JSON at line " + line + ", column " + column + ": " + e.getOriginalMessage(),
          Map.of("line", line, "column", column));
    } catch (JacksonException e) {
      String pointer = BodyDecoding.jsonPointer(e);
      TokenStreamLocation location = e.getLocation();
      int line = location == null ? -1 : location.getLineNr();
      int column = location == null ? -1 : location.getColumnNr();
      throw new ProblemException(
          400,
          "The JSON value at '"
              + pointer
              + "' (line "
              + line
              + ", column "
              + column
              + ") does not fit the expected "
              + type.getSimpleName(),
          Map.of("pointer", pointer, "line", line, "column", column));
    }
  }

  private static boolean isJson(String contentType) {
    String media = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    return media.equals("application/json") || media.endsWith("+json");
  }

  /** The declared {@code Content-Length}, or -1 if absent or malformed. */
  static long declaredLength(HttpServerRequest request) {
    String value = request.requestHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
    if (value == null) {
      return -1;
    }
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  static boolean isHttp11(HttpServerRequest request) {
    return request.version().majorVersion() == 1;
  }
}
