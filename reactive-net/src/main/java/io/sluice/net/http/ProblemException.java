package io.sluice.net.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An error that the server answers with an RFC 9457 {@code application/problem+json} response.
 *
 * <p>Signal it from a handler (or throw it inside an operator) to answer with a status other than
 * {@code 500}: {@code Mono.error(new ProblemException(409, "Order 7 is already shipped"))}. The
 * document holds {@code type} ({@code about:blank}), {@code title} (the reason phrase), {@code
 * status}, {@code detail}, {@code instance} (the request path) and the extension members given.
 */
public final class ProblemException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String detail;
  private final transient Map<String, Object> members;

  /**
   * Creates a problem with a status and an explanation for the client.
   *
   * @param status an HTTP status code, 400 to 599
   * @param detail what went wrong, for the client: no internals, no stack traces
   * @throws IllegalArgumentException if the status is not 400 to 599
   */
  public ProblemException(int status, String detail) {
    this(status, detail, Map.of());
  }

  /**
   * Creates a problem with extension members, for example {@code Map.of("line", 12)}.
   *
   * @param status an HTTP status code, 400 to 599
   * @param detail what went wrong, for the client
   * @param members extension members, serialized as JSON next to the standard ones
   * @throws IllegalArgumentException if the status is not 400 to 599 or a member has a standard
   *     member's name
   */
  public ProblemException(int status, String detail, Map<String, ?> members) {
    super(status + " " + HttpResponseStatus.valueOf(status).reasonPhrase() + ": " + detail);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("status must be 400 to 599, but was " + status);
    }
    this.status = status;
    this.detail = Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(members, "members");
    for (String name : members.keySet()) {
      if (Problems.STANDARD_MEMBERS.contains(name)) {
        throw new IllegalArgumentException(
            "members must not redefine the standard member '" + name + "'");
      }
    }
    this.members = Map.copyOf(new LinkedHashMap<>(members));
  }

  /**
   * Returns the HTTP status code.
   *
   * @return 400 to 599
   */
  public int status() {
    return status;
  }

  /**
   * Returns the explanation sent to the client.
   *
   * @return the detail
   */
  public String detail() {
    return detail;
  }

  /**
   * Returns the extension members.
   *
   * @return an unmodifiable map, empty if none
   */
  public Map<String, Object> members() {
    return members;
  }
}
