package io.sluice.net.http;

import io.sluice.codec.CsvOptions;
import io.sluice.codec.LineOptions;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An HTTP request as a handler sees it: method, path and query, headers, path parameters from the
 * matched route, and the body as a stream.
 *
 * <p>The body arrives from the socket only as fast as it is consumed: while nothing requests more
 * chunks, the server stops reading the connection and TCP flow control slows the client. It can be
 * consumed once, by one of the {@code body...} methods; a second consumption fails with {@link
 * IllegalStateException}. A body larger than the server's {@code maxBodySize} fails with a {@link
 * ProblemException} of status {@code 413} (a declared {@code Content-Length} over the limit is
 * answered before the handler runs).
 */
public interface ServerRequest {

  /**
   * Returns the request method, upper case.
   *
   * @return for example {@code GET}
   */
  String method();

  /**
   * Returns the request target as sent: path and query, still percent-encoded.
   *
   * @return for example {@code /orders/7?expand=lines}
   */
  String uri();

  /**
   * Returns the path, still percent-encoded, without the query.
   *
   * @return for example {@code /orders/7}
   */
  String path();

  /**
   * Returns a path parameter of the matched route template, percent-decoded.
   *
   * @param name the parameter name in the template, {@code id} for {@code /orders/{id}}
   * @return the value
   * @throws IllegalArgumentException if the route template has no such parameter
   */
  String pathParam(String name);

  /**
   * Returns all path parameters of the matched route template, percent-decoded.
   *
   * @return an unmodifiable map in template order
   */
  Map<String, String> pathParams();

  /**
   * Returns the first value of a query parameter, form-decoded.
   *
   * @param name the parameter name
   * @return the value, empty if absent
   */
  Optional<String> queryParam(String name);

  /**
   * Returns all values of a query parameter, form-decoded.
   *
   * @param name the parameter name
   * @return the values in order, empty if absent
   */
  List<String> queryParams(String name);

  /**
   * Returns all query parameters, form-decoded.
   *
   * @return an unmodifiable map of names to values
   */
  Map<String, List<String>> queryParams();

  /**
   * Returns the first value of a request header.
   *
   * @param name the header name, case-insensitive
   * @return the value, or {@code null} if absent
   */
  @Nullable String header(String name);

  /**
   * Returns all values of a request header.
   *
   * @param name the header name, case-insensitive
   * @return the values in order, empty if absent
   */
  List<String> headers(String name);

  /**
   * Returns the declared body length.
   *
   * @return the {@code Content-Length}, empty if not declared
   */
  OptionalLong contentLength();

  /**
   * Returns the address of the client.
   *
   * @return the remote address, or {@code null} if unknown
   */
  @Nullable InetSocketAddress remoteAddress();

  /**
   * Returns the body as it arrives, in chunks owned by the subscriber.
   *
   * <p>Backpressure: the socket is read only while chunks are requested; a few chunks may be
   * buffered. Cancellation: cancelling stops reading; the connection is closed after the response
   * instead of being reused. Errors: {@link ProblemException} {@code 413} past {@code maxBodySize};
   * {@link IllegalStateException} if the body was already consumed.
   *
   * @return the body chunks, heap buffers the subscriber may keep
   */
  Flux<ByteBuffer> body();

  /**
   * Returns the body as lines of text, decoded as they arrive, in the charset of the {@code
   * Content-Type} ({@code charset} parameter) or UTF-8, with lines of at most {@value
   * LineOptions#DEFAULT_MAX_LINE_LENGTH} bytes.
   *
   * @return the lines; see {@link #bodyLines(LineOptions)}
   */
  Flux<String> bodyLines();

  /**
   * Returns the body as lines of text, decoded as they arrive with the given options (their charset
   * wins over the {@code Content-Type}). Lines end at {@code \n} or {@code \r\n}; the last line
   * needs no terminator.
   *
   * <p>Backpressure: the socket is read only while lines are requested; one chunk is read ahead.
   * Cancellation: as {@link #body()}. Errors: {@link ProblemException} {@code 400} naming the line
   * for bytes invalid in the charset, {@code 413} naming the line for a line over {@code
   * maxLineLength}, {@code 413} past {@code maxBodySize}, {@code 415} for an unknown charset in the
   * {@code Content-Type} (only without explicit options); the codec's exception is the cause. Lines
   * before the failure are emitted first; a handler that lets the error propagate answers with it.
   *
   * @param options charset, line limit and malformed-input handling
   * @return the lines, without terminators
   */
  Flux<String> bodyLines(LineOptions options);

  /**
   * Returns the body as NDJSON (one JSON value per line), each line read with the server's mapper
   * as it arrives, with lines of at most {@value LineOptions#DEFAULT_MAX_LINE_LENGTH} bytes.
   *
   * @param type the type of each value
   * @param <T> the type of each value
   * @return the values; see {@link #bodyNdjson(Class, int)}
   */
  <T> Flux<T> bodyNdjson(Class<T> type);

  /**
   * Returns the body as NDJSON (one JSON value per line), each line read with the server's mapper
   * as it arrives. Blank lines are skipped.
   *
   * <p>Backpressure: the socket is read only while values are requested; one chunk is read ahead.
   * Cancellation: as {@link #body()}. Errors: {@link ProblemException} {@code 400} whose detail and
   * {@code line} member name the first line that is not one JSON value of {@code type}; {@code 413}
   * naming the line for a line over {@code maxLineLength}; {@code 413} past {@code maxBodySize};
   * {@code 415} if the {@code Content-Type} is present and not NDJSON or JSON. The codec's
   * exception ({@code io.sluice.codec.NdjsonException}) is the cause. Values before the bad line
   * are emitted first; a handler that lets the error propagate answers with it.
   *
   * @param type the type of each value
   * @param maxLineLength the longest line in bytes, at least 1
   * @param <T> the type of each value
   * @return the values
   * @throws IllegalArgumentException if {@code maxLineLength} is smaller than 1
   */
  <T> Flux<T> bodyNdjson(Class<T> type, int maxLineLength);

  /**
   * Returns the body as CSV records with a header row, bound to {@code type} by column name as they
   * arrive, with the {@link CsvOptions#defaults() default options}.
   *
   * @param type the record type
   * @param <T> the record type
   * @return the records; see {@link #bodyCsv(Class, CsvOptions)}
   */
  <T> Flux<T> bodyCsv(Class<T> type);

  /**
   * Returns the body as CSV records (RFC 4180), bound to {@code type} as they arrive.
   *
   * <p>Backpressure: the socket is read only while records are requested; one chunk is read ahead.
   * Cancellation: as {@link #body()}. Errors: {@link ProblemException} {@code 400} whose {@code
   * line} member names the line of the first record that does not fit; {@code 413} for a record
   * over {@code maxRecordLength} or a body past {@code maxBodySize}; {@code 415} if the {@code
   * Content-Type} is present and not CSV. The codec's exception is the cause.
   *
   * @param type the record type
   * @param options separator, quote, header, record limit and mapper
   * @param <T> the record type
   * @return the records
   */
  <T> Flux<T> bodyCsv(Class<T> type, CsvOptions options);

  /**
   * Collects the body, up to the server's {@code maxBodySize}, and decodes it as UTF-8.
   *
   * @return the body text
   */
  Mono<String> bodyText();

  /**
   * Collects the body, up to the server's {@code maxBodySize}, and reads it as JSON with the
   * server's mapper.
   *
   * <p>Errors: a {@link ProblemException} {@code 400} whose detail names the line and column of
   * malformed JSON, or the property path of a value that does not fit {@code type}; {@code 415} if
   * the {@code Content-Type} is present and not JSON; {@code 413} past {@code maxBodySize}.
   *
   * @param type the type to read
   * @param <T> the type to read
   * @return the value
   */
  <T> Mono<T> bodyJson(Class<T> type);
}
