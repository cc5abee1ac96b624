package io.sluice.net.http;

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
