package io.sluice.net.udp;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One UDP datagram: its payload and the address of the other end — the sender of a received
 * datagram, the recipient of one to send.
 *
 * <p>A received datagram's content is an owned heap buffer. The content of a datagram to send must
 * not be changed until the send completes.
 *
 * @param content the payload; its remaining bytes are the datagram
 * @param address the sender (received) or recipient (to send)
 */
public record Datagram(ByteBuffer content, InetSocketAddress address) {

  /**
   * Checks the components.
   *
   * @param content the payload
   * @param address the other end
   */
  public Datagram {
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(address, "address");
  }

  /**
   * A datagram holding UTF-8 text.
   *
   * @param text the payload text
   * @param address the recipient
   * @return the datagram
   */
  public static Datagram of(String text, InetSocketAddress address) {
    Objects.requireNonNull(text, "text");
    return new Datagram(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), address);
  }

  /**
   * Decodes the payload as UTF-8 without consuming it.
   *
   * @return the payload text
   */
  public String text() {
    return StandardCharsets.UTF_8.decode(content.duplicate()).toString();
  }
}
