package io.sluice.net.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;

/**
 * The response to a request: a status, headers and a body, which may be a stream.
 *
 * <p>Immutable: {@code with...} methods return a changed copy. The static factories choose the body
 * and a fitting {@code Content-Type}:
 *
 * <pre>{@code
 * ServerResponse.text("Hello")                      // 200 text/plain, Content-Length
 * ServerResponse.json(order)                        // 200 application/json
 * ServerResponse.ndjson(rows)                       // 200 application/x-ndjson, one line per element
 * ServerResponse.jsonArray(rows)                    // 200 application/json, [a,b,...] as it comes
 * ServerResponse.sse(events)                        // 200 text/event-stream with heartbeats
 * ServerResponse.file(path)                         // 200/206/304/416, zero-copy where possible
 * ServerResponse.status(204)
 * }</pre>
 *
 * <p>Streaming bodies are written with backpressure: the server requests more elements only while
 * the connection can take more bytes, so a client that stops reading stops the source after a
 * bounded number of elements. When the client disconnects, the body publisher is cancelled. An
 * error from a body publisher after the status was sent cannot change the status: the connection is
 * closed without completing the body, so the client sees a truncated response.
 */
public final class ServerResponse {

  /** The default interval of SSE heartbeat comments, 15 seconds. */
  public static final Duration DEFAULT_SSE_HEARTBEAT = Duration.ofSeconds(15);

  private static final ResponseBody EMPTY = new ResponseBody.Empty();

  private final int status;
  private final List<Map.Entry<String, String>> headers;
  private final ResponseBody body;

  private ServerResponse(int status, List<Map.Entry<String, String>> headers, ResponseBody body) {
    this.status = status;
    this.headers = headers;
    this.body = body;
  }

  private static ServerResponse of(int status, @Nullable String contentType, ResponseBody body) {
    return new ServerResponse(
        status,
        contentType == null ? List.of() : List.of(Map.entry("content-type", contentType)),
        body);
  }

  /**
   * Creates a response without a body.
   *
   * @param status an HTTP status code, 100 to 599
   * @return the response
   * @throws IllegalArgumentException if the status is out of range
   */
  public static ServerResponse status(int status) {
    return of(checkStatus(status), null, EMPTY);
  }

  /**
   * Creates a {@code 200} response without a body.
   *
   * @return the response
   */
  public static ServerResponse ok() {
    return of(200, null, EMPTY);
  }

  /**
   * Creates a {@code 200 text/plain; charset=utf-8} response.
   *
   * @param text the body
   * @return the response, sent with {@code Content-Length}
   */
  public static ServerResponse text(String text) {
    Objects.requireNonNull(text, "text");
    return of(
        200,
        "text/plain; charset=utf-8",
        new ResponseBody.Bytes(text.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Creates a {@code 200} response from bytes known in full.
   *
   * @param bytes the body; not copied, so do not change it afterwards
   * @param contentType the media type
   * @return the response, sent with {@code Content-Length}
   */
  public static ServerResponse bytes(byte[] bytes, String contentType) {
    Objects.requireNonNull(bytes, "bytes");
    return of(200, requireToken("contentType", contentType), new ResponseBody.Bytes(bytes));
  }

  /**
   * Creates a {@code 200 application/json} response; the value is serialized by the server's JSON
   * mapper when the response is written (a failure there is a {@code 500}).
   *
   * @param value the value to serialize
   * @return the response, sent with {@code Content-Length}
   */
  public static ServerResponse json(Object value) {
    Objects.requireNonNull(value, "value");
    return of(200, "application/json", new ResponseBody.Json(value));
  }

  /**
   * Creates a {@code 200} response streaming chunks as they come (chunked transfer encoding).
   *
   * <p>Backpressure: chunks are requested while the connection is writable. Cancellation: the
   * publisher is cancelled when the client disconnects. The server takes ownership of each chunk.
   *
   * @param chunks the body chunks
   * @param contentType the media type
   * @return the response
   */
  public static ServerResponse stream(Publisher<ByteBuffer> chunks, String contentType) {
    Objects.requireNonNull(chunks, "chunks");
    return of(200, requireToken("contentType", contentType), new ResponseBody.Chunks(chunks));
  }

  /**
   * Creates a {@code 200 application/x-ndjson} response: each element serialized as one line of
   * JSON, written as it comes.
   *
   * <p>Backpressure and cancellation as for {@link #stream}. A serialization failure closes the
   * connection, truncating the body.
   *
   * @param elements the elements
   * @return the response
   */
  public static ServerResponse ndjson(Publisher<?> elements) {
    Objects.requireNonNull(elements, "elements");
    return of(200, "application/x-ndjson", new ResponseBody.Ndjson(elements));
  }

  /**
   * Creates a {@code 200 application/json} response holding one JSON array, written element by
   * element ({@code [}, then each element, then {@code ]}) without collecting the elements.
   *
   * <p>Backpressure and cancellation as for {@link #stream}.
   *
   * @param elements the array elements
   * @return the response
   */
  public static ServerResponse jsonArray(Publisher<?> elements) {
    Objects.requireNonNull(elements, "elements");
    return of(200, "application/json", new ResponseBody.JsonArray(elements));
  }

  /**
   * Creates a {@code 200 text/event-stream} response with a heartbeat comment every {@link
   * #DEFAULT_SSE_HEARTBEAT} while the stream is open.
   *
   * @param events the events
   * @return the response
   * @see #sse(Publisher, Duration)
   */
  public static ServerResponse sse(Publisher<SseEvent> events) {
    return sse(events, DEFAULT_SSE_HEARTBEAT);
  }

  /**
   * Creates a {@code 200 text/event-stream} response: each event is flushed as it comes; a
   * heartbeat comment ({@code :heartbeat}) is sent every {@code heartbeat} so that proxies and
   * clients see a live connection and a departed client is noticed.
   *
   * <p>Backpressure: events are requested while the connection is writable; heartbeats are dropped,
   * never queued, while it is not. Cancellation: when the client disconnects the events publisher
   * is cancelled (noticed at the latest with the next heartbeat write). The response completes when
   * the events publisher completes.
   *
   * @param events the events
   * @param heartbeat the heartbeat interval, positive; {@link Duration#ZERO} for no heartbeat
   * @return the response, with {@code Cache-Control: no-cache}
   * @throws IllegalArgumentException if the heartbeat is negative
   */
  public static ServerResponse sse(Publisher<SseEvent> events, Duration heartbeat) {
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(heartbeat, "heartbeat");
    if (heartbeat.isNegative()) {
      throw new IllegalArgumentException("heartbeat must not be negative, but was " + heartbeat);
    }
    return new ServerResponse(
        200,
        List.of(
            Map.entry("content-type", "text/event-stream; charset=utf-8"),
            Map.entry("cache-control", "no-cache")),
        new ResponseBody.Sse(events, heartbeat));
  }

  /**
   * Creates a response sending a file, with {@code ETag}, {@code Last-Modified} and {@code
   * Accept-Ranges}: {@code 304} when {@code If-None-Match} matches, {@code 206} for a satisfiable
   * single {@code Range}, {@code 416} for an unsatisfiable one, {@code 404} if the file is missing
   * or not a regular file. The {@code Content-Type} comes from the file name unless set.
   *
   * <p>The file is sent by the kernel (zero-copy) on plain HTTP/1.1 connections, in chunks read on
   * demand otherwise. The handler chose this file: to serve files named by the client, use {@link
   * Routes#files(String, Path)}, which keeps them inside a root directory.
   *
   * @param file the file
   * @return the response
   */
  public static ServerResponse file(Path file) {
    Objects.requireNonNull(file, "file");
    return of(200, null, new ResponseBody.File(file));
  }

  /**
   * Returns a copy with another status.
   *
   * @param status an HTTP status code, 100 to 599
   * @return a changed copy
   * @throws IllegalArgumentException if the status is out of range
   */
  public ServerResponse withStatus(int status) {
    return new ServerResponse(checkStatus(status), headers, body);
  }

  /**
   * Returns a copy with a header set, replacing any value it had.
   *
   * @param name the header name
   * @param value the header value, without line breaks
   * @return a changed copy
   * @throws IllegalArgumentException if the name is blank or the value holds a line break
   */
  public ServerResponse withHeader(String name, String value) {
    String lower = requireToken("name", name).toLowerCase(Locale.ROOT);
    Objects.requireNonNull(value, "value");
    if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("header value must not hold a line break: " + value);
    }
    List<Map.Entry<String, String>> copy = new ArrayList<>(headers.size() + 1);
    for (Map.Entry<String, String> header : headers) {
      if (!header.getKey().equals(lower)) {
        copy.add(header);
      }
    }
    copy.add(Map.entry(lower, value));
    return new ServerResponse(status, List.copyOf(copy), body);
  }

  /**
   * Returns a copy with another {@code Content-Type}.
   *
   * @param contentType the media type
   * @return a changed copy
   */
  public ServerResponse withContentType(String contentType) {
    return withHeader("content-type", contentType);
  }

  /**
   * Returns the status code.
   *
   * @return the status
   */
  public int status() {
    return status;
  }

  /**
   * Returns the value of a header set on this response.
   *
   * @param name the header name, case-insensitive
   * @return the value, or {@code null} if not set
   */
  public @Nullable String header(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (Map.Entry<String, String> header : headers) {
      if (header.getKey().equals(lower)) {
        return header.getValue();
      }
    }
    return null;
  }

  List<Map.Entry<String, String>> headers() {
    return headers;
  }

  ResponseBody body() {
    return body;
  }

  @Override
  public String toString() {
    return "ServerResponse[" + status + ", " + body.getClass().getSimpleName() + "]";
  }

  private static int checkStatus(int status) {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status must be 100 to 599, but was " + status);
    }
    return status;
  }

  private static String requireToken(String name, String value) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return value;
  }
}
