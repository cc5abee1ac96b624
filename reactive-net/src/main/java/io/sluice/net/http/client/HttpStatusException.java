package io.sluice.net.http.client;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The server answered with a status outside 200–299. Carries the status, the headers, the start of
 * the body and, for an {@code application/problem+json} body, the parsed {@link HttpProblem}.
 *
 * <p>The body kept here is at most {@value #MAX_BODY_LENGTH} bytes; {@link #bodyTruncated()} tells
 * whether the server sent more.
 */
public final class HttpStatusException extends RuntimeException {

  /** The most bytes of an error body that are kept: 64 KiB. */
  public static final int MAX_BODY_LENGTH = 64 * 1024;

  private static final long serialVersionUID = 1L;

  private final String method;
  private final String uri;
  private final int status;
  private final transient Map<String, List<String>> headers;
  private final String body;
  private final boolean bodyTruncated;
  private final transient @Nullable HttpProblem problem;

  /**
   * Creates the exception.
   *
   * @param method the request method
   * @param uri the request URI
   * @param status the response status
   * @param headers the response headers
   * @param body the start of the response body, decoded as UTF-8
   * @param bodyTruncated whether the body was longer than {@link #MAX_BODY_LENGTH}
   * @param problem the problem description, if the body was one
   */
  public HttpStatusException(
      String method,
      String uri,
      int status,
      Map<String, List<String>> headers,
      String body,
      boolean bodyTruncated,
      @Nullable HttpProblem problem) {
    super(message(method, uri, status, body, problem));
    this.method = method;
    this.uri = uri;
    this.status = status;
    this.headers = headers;
    this.body = body;
    this.bodyTruncated = bodyTruncated;
    this.problem = problem;
  }

  private static String message(
      String method, String uri, int status, String body, @Nullable HttpProblem problem) {
    StringBuilder message = new StringBuilder();
    message.append(method).append(' ').append(uri).append(" answered ").append(status);
    if (problem != null) {
      if (problem.title() != null) {
        message.append(": ").append(problem.title());
      }
      if (problem.detail() != null) {
        message.append(problem.title() != null ? " - " : ": ").append(problem.detail());
      }
    } else if (!body.isBlank()) {
      String start = body.strip();
      message.append(": ").append(start.length() > 200 ? start.substring(0, 200) + "..." : start);
    }
    return message.toString();
  }

  /**
   * Returns the request method.
   *
   * @return the method, such as {@code GET}
   */
  public String method() {
    return method;
  }

  /**
   * Returns the request URI.
   *
   * @return the absolute URI
   */
  public String uri() {
    return uri;
  }

  /**
   * Returns the response status.
   *
   * @return the status code
   */
  public int status() {
    return status;
  }

  /**
   * Returns the response headers.
   *
   * @return unmodifiable headers, names case-insensitive
   */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /**
   * Returns the start of the response body.
   *
   * @return up to {@link #MAX_BODY_LENGTH} bytes of the body, decoded as UTF-8
   */
  public String body() {
    return body;
  }

  /**
   * Returns whether the server sent more body than {@link #body()} holds.
   *
   * @return {@code true} if the body was cut
   */
  public boolean bodyTruncated() {
    return bodyTruncated;
  }

  /**
   * Returns the problem description of an {@code application/problem+json} body.
   *
   * @return the problem, or {@code null} if the body was not a (complete, valid) one
   */
  public @Nullable HttpProblem problem() {
    return problem;
  }
}
