package io.sluice.codec.internal;

import java.nio.ByteBuffer;

/**
 * A region of a byte array. Chunks that expose their array are viewed without copying; direct and
 * read-only buffers are copied once.
 */
final class ByteSlice {

  private final byte[] array;
  private final int offset;
  private final int length;

  ByteSlice(byte[] array, int offset, int length) {
    this.array = array;
    this.offset = offset;
    this.length = length;
  }

  /** Views the remaining bytes of a chunk; the chunk's position is not changed. */
  static ByteSlice of(ByteBuffer chunk) {
    int length = chunk.remaining();
    if (chunk.hasArray()) {
      return new ByteSlice(chunk.array(), chunk.arrayOffset() + chunk.position(), length);
    }
    byte[] copy = new byte[length];
    chunk.duplicate().get(copy);
    return new ByteSlice(copy, 0, length);
  }

  byte[] array() {
    return array;
  }

  int offset() {
    return offset;
  }

  int length() {
    return length;
  }

  int end() {
    return offset + length;
  }

  ByteSlice from(int skip) {
    return new ByteSlice(array, offset + skip, length - skip);
  }
}
