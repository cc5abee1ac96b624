package io.sluice.net.http.client;

import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;

/**
 * A request being prepared: add headers, query parameters and a body, then pick how to read the
 * response. Immutable; nothing is sent until a publisher returned by a terminal method ({@link
 * #json(Class)}, {@link #lines()}, {@link #events()}, ...) is subscribed, and each subscription
 * sends the request again.
 *
 * <p>Every terminal method except {@link #exchange()} fails with {@link HttpStatusException} when
 * the status is outside 200–299. All of them may fail with {@link HttpClientTimeoutException}, with
 * {@link java.net.ConnectException} when no connection can be opened, and with an {@link
 * java.io.IOException} (such as Reactor Netty's {@code PrematureCloseException}) when the
 * connection breaks; failures are retried as {@link HttpRetry} says.
 */
public final class ClientRequest {

  private final ClientExchange exchange;
  private final String method;
  private final String uri;
  private final List<Map.Entry<String, String>> headers;
  private final @Nullable RequestBody body;

  ClientRequest(
      ClientExchange exchange,
      String method,
      String uri,
      List<Map.Entry<String, String>> headers,
      @Nullable RequestBody body) {
    this.exchange = exchange;
    this.method = method;
    this.uri = uri;
    this.headers = headers;
    this.body = body;
  }

  static List<Map.Entry<String, String>> withHeader(
      List<Map.Entry<String, String>> headers, String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    if (name.isEmpty() || !name.chars().allMatch(c -> c > 32 && c < 127 && c != ':')) {
      throw new IllegalArgumentException(
          "header name must be an HTTP token, but was '" + name + "'");
    }
    if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
      throw new IllegalArgumentException(
          "header value of '" + name + "' must not contain CR or LF, but was '" + value + "'");
    }
    List<Map.Entry<String, String>> copy = new ArrayList<>(headers.size() + 1);
    copy.addAll(headers);
    copy.add(Map.entry(name, value));
    return List.copyOf(copy);
  }

  /**
   * Adds a request header.
   *
   * @param name the header name, an HTTP token
   * @param value the value, without CR or LF
   * @return a changed copy
   * @throws IllegalArgumentException if the name or value is malformed
   */
  public ClientRequest header(String name, String value) {
    return new ClientRequest(exchange, method, uri, withHeader(headers, name, value), body);
  }

  /**
   * Adds a query parameter, percent-encoding name and value as UTF-8.
   *
   * @param name the parameter name
   * @param value the parameter value
   * @return a changed copy
   */
  public ClientRequest query(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    int fragment = uri.indexOf('#');
    String base = fragment < 0 ? uri : uri.substring(0, fragment);
    String withQuery =
        base + (base.indexOf('?') < 0 ? '?' : '&') + encode(name) + '=' + encode(value);
    return new ClientRequest(
        exchange,
        method,
        fragment < 0 ? withQuery : withQuery + uri.substring(fragment),
        headers,
        body);
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /**
   * Sets a streamed body, sent with chunked transfer encoding as the chunks arrive.
   *
   * <p>The chunks are requested only as fast as the connection accepts them. The publisher is
   * subscribed once per attempt, so it must be able to start over if retries are enabled for this
   * request.
   *
   * @param chunks the body; each buffer's remaining bytes are sent and it must not be changed
   *     afterwards
   * @return a changed copy
   */
  public ClientRequest body(Publisher<ByteBuffer> chunks) {
    Objects.requireNonNull(chunks, "chunks");
    return withBody(RequestBody.streamed(chunks));
  }

  /**
   * Sets a body of bytes, with {@code Content-Type: application/octet-stream} unless a {@code
   * Content-Type} header was added.
   *
   * @param bytes the body; not copied, must not change afterwards
   * @return a changed copy
   */
  public ClientRequest body(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return withBody(RequestBody.fixed("application/octet-stream", mapper -> bytes));
  }

  /**
   * Sets a text body encoded as UTF-8, with {@code Content-Type: text/plain; charset=utf-8} unless
   * a {@code Content-Type} header was added.
   *
   * @param text the body
   * @return a changed copy
   */
  public ClientRequest body(String text) {
    Objects.requireNonNull(text, "text");
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return withBody(RequestBody.fixed("text/plain; charset=utf-8", mapper -> bytes));
  }

  /**
   * Sets a JSON body written by the client's mapper when the request is sent, with {@code
   * Content-Type: application/json} unless a {@code Content-Type} header was added.
   *
   * @param value the object to write
   * @return a changed copy
   */
  public ClientRequest jsonBody(Object value) {
    Objects.requireNonNull(value, "value");
    return withBody(
        RequestBody.fixed("application/json", mapper -> mapper.writeValueAsBytes(value)));
  }

  private ClientRequest withBody(RequestBody requestBody) {
    return new ClientRequest(exchange, method, uri, headers, requestBody);
  }

  /**
   * Sends the request and reads the whole response, whatever its status.
   *
   * <p>Emits the response once its body is read. <b>Errors:</b> {@link
   * HttpResponseTooLargeException} for a body over {@code maxResponseSize}; no {@link
   * HttpStatusException}.
   *
   * @return a {@code Mono} that sends on subscribe
   */
  public Mono<ClientResponse> exchange() {
    return exchange.whole(this);
  }

  /**
   * Sends the request and decodes the whole response body as UTF-8.
   *
   * <p><b>Errors:</b> {@link HttpStatusException}, {@link HttpResponseTooLargeException} for a body
   * over {@code maxResponseSize}.
   *
   * @return a {@code Mono} of the body text, empty text for an empty body
   */
  public Mono<String> string() {
    return exchange.checkedWhole(this).map(ClientResponse::bodyAsString);
  }

  /**
   * Sends the request and reads the whole response body.
   *
   * <p><b>Errors:</b> {@link HttpStatusException}, {@link HttpResponseTooLargeException} for a body
   * over {@code maxResponseSize}.
   *
   * @return a {@code Mono} of the body bytes
   */
  public Mono<byte[]> bytes() {
    return exchange.checkedWhole(this).map(ClientResponse::body);
  }

  /**
   * Sends the request and reads the response body as JSON.
   *
   * <p><b>Errors:</b> {@link HttpStatusException}, {@link HttpResponseTooLargeException} for a body
   * over {@code maxResponseSize}, Jackson's {@link tools.jackson.core.JacksonException} for a body
   * that is not the expected JSON. Completes empty for an empty body (as with 204).
   *
   * @param type the class to read
   * @param <T> the result type
   * @return a {@code Mono} of the value
   */
  public <T> Mono<T> json(Class<T> type) {
    Objects.requireNonNull(type, "type");
    return exchange.checkedWhole(this).mapNotNull(response -> response.json(type));
  }

  /**
   * Sends the request and reads the response body as JSON of a generic type.
   *
   * <p>As {@link #json(Class)}.
   *
   * @param type the type to read, such as {@code new TypeReference<List<User>>() {}}
   * @param <T> the result type
   * @return a {@code Mono} of the value
   */
  public <T> Mono<T> json(TypeReference<T> type) {
    Objects.requireNonNull(type, "type");
    return exchange.checkedWhole(this).mapNotNull(response -> response.json(type));
  }

  /**
   * Sends the request and streams the response body.
   *
   * <p>Emits owned heap buffers as they arrive, then completes.
   *
   * <p><b>Backpressure:</b> the socket is read only while there is demand: a subscriber that stops
   * requesting stops the reads, and TCP flow control stops the server.
   *
   * <p><b>Cancellation / resources:</b> cancelling before the end closes the connection (a partly
   * read response cannot be reused); a body read to the end returns it to the pool.
   *
   * <p><b>Errors:</b> {@link HttpStatusException}; a connection that breaks mid-body fails the
   * stream and is not retried. Not limited by {@code maxResponseSize}.
   *
   * @return the body chunks
   */
  public Flux<ByteBuffer> chunks() {
    return exchange.streamed(this);
  }

  /**
   * Sends the request and streams the response body as UTF-8 lines, ended by {@code \n} or {@code
   * \r\n} ({@link io.sluice.codec.Lines#decoder(io.sluice.codec.LineOptions)}).
   *
   * <p>Backpressure and cancellation as {@link #chunks()}: a line is read only when requested.
   * <b>Errors:</b> as {@link #chunks()}, plus {@link HttpResponseTooLargeException} for a line over
   * {@code maxLineLength}.
   *
   * @return the lines, without terminators
   */
  public Flux<String> lines() {
    return exchange.lines(this);
  }

  /**
   * Sends the request and streams the response body as newline-delimited JSON, one value per line;
   * blank lines are skipped.
   *
   * <p>Backpressure and cancellation as {@link #chunks()}: an object is read only when requested.
   * <b>Errors:</b> as {@link #lines()}, plus {@link io.sluice.codec.NdjsonException} (with the line
   * number) for a line that is not the expected JSON.
   *
   * @param type the class of each value
   * @param <T> the value type
   * @return the values
   */
  public <T> Flux<T> ndjson(Class<T> type) {
    Objects.requireNonNull(type, "type");
    return exchange.ndjson(this, type);
  }

  /**
   * Reads a server-sent event stream with {@link SseOptions#defaults()}.
   *
   * @return the events
   * @see #events(SseOptions)
   */
  public Flux<ServerSentEvent> events() {
    return events(SseOptions.defaults());
  }

  /**
   * Reads a server-sent event stream ({@code text/event-stream}), reconnecting with {@code
   * Last-Event-ID} as {@link SseOptions} describes. Sends {@code Accept: text/event-stream}.
   *
   * <p>Emits each dispatched event; comments and events without data are not emitted. Completes
   * when the server answers 204 or stops the stream for good.
   *
   * <p><b>Backpressure:</b> as {@link #lines()}: the socket is read only while events are
   * requested.
   *
   * <p><b>Cancellation / resources:</b> closes the connection and stops reconnecting.
   *
   * <p><b>Errors:</b> {@link HttpStatusException} (not retried), {@link IllegalStateException} for
   * a response that is not {@code text/event-stream}, {@link HttpResponseTooLargeException} for an
   * event over {@code maxEventSize}; I/O errors only when {@code maxReconnects} is reached.
   *
   * <p><b>Defaults:</b> those of {@link SseOptions#defaults()}. The client's {@link HttpRetry} is
   * not applied: reconnection replaces it.
   *
   * @param options reconnection and size settings
   * @return the events
   */
  public Flux<ServerSentEvent> events(SseOptions options) {
    Objects.requireNonNull(options, "options");
    return exchange.events(this, options);
  }

  String method() {
    return method;
  }

  String uri() {
    return uri;
  }

  List<Map.Entry<String, String>> headers() {
    return headers;
  }

  @Nullable RequestBody body() {
    return body;
  }

  @Override
  public String toString() {
    return method + " " + uri;
  }
}
