package io.sluice.codec.internal;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Holds back the first bytes of a stream while they may still be a byte order mark, however the
 * input is split into chunks. It completes as soon as the bytes seen are no mark's prefix, or
 * enough bytes for the longest mark have arrived, so a stream that starts without a mark is never
 * delayed.
 */
final class Preamble {

  private final byte[][] marks;
  private final byte[] head;
  private int length;
  private boolean complete;

  /**
   * Creates a preamble.
   *
   * @param marks the byte order marks to look for; none completes at once
   */
  Preamble(byte[]... marks) {
    this.marks = marks.clone();
    int longest = 0;
    for (byte[] mark : marks) {
      longest = Math.max(longest, mark.length);
    }
    this.head = new byte[longest];
    this.complete = longest == 0;
  }

  boolean isComplete() {
    return complete;
  }

  /**
   * Takes bytes from a chunk, one at a time, until the preamble is complete.
   *
   * @return the rest of the chunk once the preamble is complete, or {@code null} if the chunk was
   *     absorbed and more bytes are needed
   */
  @Nullable ByteSlice offer(ByteSlice chunk) {
    if (complete) {
      return chunk;
    }
    int taken = 0;
    while (taken < chunk.length()) {
      head[length++] = chunk.array()[chunk.offset() + taken++];
      if (length == head.length || !prefixOfAMark()) {
        complete = true;
        return chunk.from(taken);
      }
    }
    return null;
  }

  private boolean prefixOfAMark() {
    for (byte[] mark : marks) {
      if (mark.length >= length && Arrays.equals(mark, 0, length, head, 0, length)) {
        return true;
      }
    }
    return false;
  }

  /** Ends the preamble early, at the end of input. */
  void completeAtEnd() {
    complete = true;
  }

  /** The bytes collected so far. */
  byte[] bytes() {
    return Arrays.copyOf(head, length);
  }

  static boolean startsWith(byte[] bytes, byte[] prefix) {
    if (prefix.length == 0 || bytes.length < prefix.length) {
      return false;
    }
    return Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
  }
}
