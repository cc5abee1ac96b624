package io.sluice.codec.internal;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Holds back the first few bytes of a stream (a possible byte order mark) until enough have arrived
 * to decide what they are, however the input is split into chunks.
 */
final class Preamble {

  private final byte[] head;
  private int length;
  private boolean complete;

  Preamble(int needed) {
    this.head = new byte[needed];
    this.complete = needed == 0;
  }

  boolean isComplete() {
    return complete;
  }

  /**
   * Takes the bytes the preamble still needs from a chunk.
   *
   * @return the rest of the chunk once the preamble is complete, or {@code null} if the chunk was
   *     absorbed and more bytes are needed
   */
  @Nullable ByteSlice offer(ByteSlice chunk) {
    if (complete) {
      return chunk;
    }
    int take = Math.min(head.length - length, chunk.length());
    System.arraycopy(chunk.array(), chunk.offset(), head, length, take);
    length += take;
    if (length < head.length) {
      return null;
    }
    complete = true;
    return chunk.from(take);
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
    for (int i = 0; i < prefix.length; i++) {
      if (bytes[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
