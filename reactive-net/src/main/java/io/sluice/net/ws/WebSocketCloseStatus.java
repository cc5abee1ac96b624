package io.sluice.net.ws;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The code and reason of a WebSocket close frame (RFC 6455 section 7.4).
 *
 * <p>A status received may hold any code a peer sent; one to send is made with {@link #of(int,
 * String)}, which accepts only codes that may be sent.
 *
 * @param code the status code
 * @param reason a short reason
 */
public record WebSocketCloseStatus(int code, String reason) {

  /** {@code 1000}: the purpose of the connection was fulfilled. */
  public static final WebSocketCloseStatus NORMAL_CLOSURE = new WebSocketCloseStatus(1000, "");

  /** {@code 1001}: the endpoint is going away (server shutdown, page left). */
  public static final WebSocketCloseStatus GOING_AWAY = new WebSocketCloseStatus(1001, "");

  /** {@code 1002}: a protocol error. */
  public static final WebSocketCloseStatus PROTOCOL_ERROR = new WebSocketCloseStatus(1002, "");

  /** {@code 1006}: the connection dropped without a close frame (never sent). */
  public static final WebSocketCloseStatus ABNORMAL_CLOSURE = new WebSocketCloseStatus(1006, "");

  /** {@code 1008}: a message violated the endpoint's policy. */
  public static final WebSocketCloseStatus POLICY_VIOLATION = new WebSocketCloseStatus(1008, "");

  /** {@code 1009}: a message was too big to process. */
  public static final WebSocketCloseStatus MESSAGE_TOO_BIG = new WebSocketCloseStatus(1009, "");

  /** {@code 1011}: the endpoint met an unexpected condition. */
  public static final WebSocketCloseStatus INTERNAL_ERROR = new WebSocketCloseStatus(1011, "");

  /**
   * Checks the reason is present.
   *
   * @throws IllegalArgumentException if the code is not 0 to 65535
   */
  public WebSocketCloseStatus {
    Objects.requireNonNull(reason, "reason");
    if (code < 0 || code > 65535) {
      throw new IllegalArgumentException("code must be 0 to 65535, but was " + code);
    }
  }

  /**
   * Creates a close status to send.
   *
   * @param code the code
   * @param reason the reason
   * @return the status
   * @throws IllegalArgumentException if the code may not be sent or the reason is too long
   */
  public static WebSocketCloseStatus of(int code, String reason) {
    Objects.requireNonNull(reason, "reason");
    if (!isSendable(code)) {
      throw new IllegalArgumentException(
          "code must be 1000 to 1014 except 1004 to 1006, or 3000 to 4999, but was " + code);
    }
    if (reason.getBytes(StandardCharsets.UTF_8).length > 123) {
      throw new IllegalArgumentException("reason must be at most 123 UTF-8 bytes: " + reason);
    }
    return new WebSocketCloseStatus(code, reason);
  }

  /**
   * Tells whether this status may be sent in a close frame.
   *
   * @return whether the code is sendable and the reason short enough
   */
  public boolean isSendable() {
    return isSendable(code) && reason.getBytes(StandardCharsets.UTF_8).length <= 123;
  }

  private static boolean isSendable(int code) {
    return (code >= 1000 && code <= 1014 && (code < 1004 || code > 1006))
        || (code >= 3000 && code <= 4999);
  }
}
