package io.sluice.net.http.client;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Collects a response body up to a limit, growing as bytes arrive. Either fails past the limit
 * ({@link #append}) or keeps only the first bytes ({@link #appendTruncating}). One per response.
 */
final class BoundedBody {

  private final long maxBytes;
  private byte[] bytes = new byte[0];
  private int length;
  private boolean truncated;

  BoundedBody(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** Appends the readable bytes of {@code buf}, or throws {@code tooLarge} past the limit. */
  void append(ByteBuf buf, Supplier<? extends RuntimeException> tooLarge) {
    int n = buf.readableBytes();
    if (length + (long) n > maxBytes) {
      bytes = new byte[0];
      throw tooLarge.get();
    }
    copy(buf, n);
  }

  /** Appends what fits of {@code buf} under the limit; remembers whether anything was cut. */
  void appendTruncating(ByteBuf buf) {
    int n = (int) Math.min(buf.readableBytes(), maxBytes - length);
    if (n < buf.readableBytes()) {
      truncated = true;
    }
    copy(buf, n);
  }

  /** Whether {@link #appendTruncating} cut bytes. */
  boolean truncated() {
    return truncated;
  }

  byte[] toByteArray() {
    return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
  }

  private void copy(ByteBuf buf, int n) {
    if (n == 0) {
      return;
    }
    if (length + n > bytes.length) {
      long wanted = Math.max((long) bytes.length * 2, (long) length + n);
      bytes =
          Arrays.copyOf(bytes, (int) Math.min(wanted, Math.min(maxBytes, Integer.MAX_VALUE - 8)));
    }
    buf.getBytes(buf.readerIndex(), bytes, length, n);
    length += n;
  }
}
