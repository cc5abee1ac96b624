package io.sluice.net.internal;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;

/**
 * Copies the readable bytes of a Netty buffer into a heap {@link ByteBuffer} that the receiver
 * owns. The Netty buffer is not released here: Reactor Netty releases inbound buffers once {@code
 * onNext} returns, so the copy must be taken synchronously inside it.
 */
public final class ByteBufCopy {

  private ByteBufCopy() {}

  /**
   * Returns a new heap buffer, positioned at 0 and limited to the copied bytes.
   *
   * @param buf the Netty buffer; its reader index is not moved
   * @return an owned copy
   */
  public static ByteBuffer toOwned(ByteBuf buf) {
    ByteBuffer copy = ByteBuffer.allocate(buf.readableBytes());
    buf.getBytes(buf.readerIndex(), copy);
    copy.flip();
    return copy;
  }
}
