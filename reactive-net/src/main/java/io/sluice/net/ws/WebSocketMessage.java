package io.sluice.net.ws;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One WebSocket message: text, binary, or a ping or pong control message. Immutable; the payload is
 * copied in and handed out read-only.
 */
public final class WebSocketMessage {

  /** The kind of a message. */
  public enum Type {
    /** UTF-8 text. */
    TEXT,
    /** Binary data. */
    BINARY,
    /** A ping; the peer answers with a pong carrying the same payload. */
    PING,
    /** A pong. */
    PONG
  }

  private final Type type;
  private final byte[] payload;

  private WebSocketMessage(Type type, byte[] payload) {
    this.type = type;
    this.payload = payload;
  }

  /**
   * Creates a text message.
   *
   * @param text the text
   * @return the message
   */
  public static WebSocketMessage text(String text) {
    Objects.requireNonNull(text, "text");
    return new WebSocketMessage(Type.TEXT, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Creates a binary message from the remaining bytes of a buffer, which are copied.
   *
   * @param payload the data
   * @return the message
   */
  public static WebSocketMessage binary(ByteBuffer payload) {
    return new WebSocketMessage(Type.BINARY, copy(payload));
  }

  /**
   * Creates a ping.
   *
   * @param payload at most 125 bytes, copied
   * @return the message
   * @throws IllegalArgumentException if the payload is longer than 125 bytes
   */
  public static WebSocketMessage ping(ByteBuffer payload) {
    return control(Type.PING, payload);
  }

  /**
   * Creates a pong (an unsolicited pong is a heartbeat the peer does not answer).
   *
   * @param payload at most 125 bytes, copied
   * @return the message
   * @throws IllegalArgumentException if the payload is longer than 125 bytes
   */
  public static WebSocketMessage pong(ByteBuffer payload) {
    return control(Type.PONG, payload);
  }

  /**
   * Returns the kind of message.
   *
   * @return the type
   */
  public Type type() {
    return type;
  }

  /**
   * Returns the payload.
   *
   * @return a read-only view of the payload
   */
  public ByteBuffer payload() {
    return ByteBuffer.wrap(payload).asReadOnlyBuffer();
  }

  /**
   * Returns the payload length in bytes.
   *
   * @return the length
   */
  public int size() {
    return payload.length;
  }

  /**
   * Returns the payload decoded as UTF-8 (the content of a text message).
   *
   * @return the text
   */
  public String text() {
    return new String(payload, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof WebSocketMessage that
        && type == that.type
        && Arrays.equals(payload, that.payload);
  }

  @Override
  public int hashCode() {
    return 31 * type.hashCode() + Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return type == Type.TEXT && payload.length <= 64
        ? "WebSocketMessage[TEXT " + text() + "]"
        : "WebSocketMessage[" + type + ", " + payload.length + " bytes]";
  }

  private static WebSocketMessage control(Type type, ByteBuffer payload) {
    byte[] bytes = copy(payload);
    if (bytes.length > 125) {
      throw new IllegalArgumentException(
          "a " + type + " payload must be at most 125 bytes, but was " + bytes.length);
    }
    return new WebSocketMessage(type, bytes);
  }

  private static byte[] copy(ByteBuffer payload) {
    Objects.requireNonNull(payload, "payload");
    byte[] bytes = new byte[payload.remaining()];
    payload.duplicate().get(bytes);
    return bytes;
  }
}
