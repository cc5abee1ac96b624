package io.sluice.net.http.client;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An RFC 9457 problem description, as sent by a server in an {@code application/problem+json} error
 * response.
 *
 * @param type a URI naming the problem type; {@code "about:blank"} when absent
 * @param title a short summary, or {@code null}
 * @param status the HTTP status the server put in the body, or 0 when absent
 * @param detail an explanation of this occurrence, or {@code null}
 * @param instance a URI naming this occurrence, or {@code null}
 * @param extensions any other members, unmodifiable
 */
public record HttpProblem(
    String type,
    @Nullable String title,
    int status,
    @Nullable String detail,
    @Nullable String instance,
    Map<String, Object> extensions) {

  /**
   * Checks and copies the components.
   *
   * @param type the problem type
   * @param title the summary
   * @param status the status
   * @param detail the explanation
   * @param instance the occurrence
   * @param extensions other members
   */
  public HttpProblem {
    Objects.requireNonNull(type, "type");
    extensions = Map.copyOf(extensions);
  }
}
