package io.sluice.codec;

import java.nio.ByteBuffer;

/** The kinds of buffer a producer may hand a decoder; all must decode alike. */
enum ChunkKind {
  HEAP,
  /** A heap buffer whose content starts past the array's beginning and ends before its end. */
  OFFSET_HEAP,
  READ_ONLY,
  DIRECT;

  ByteBuffer wrap(byte[] bytes, int from, int to) {
    int length = to - from;
    return switch (this) {
      case HEAP -> ByteBuffer.wrap(java.util.Arrays.copyOfRange(bytes, from, to));
      case OFFSET_HEAP -> {
        byte[] padded = new byte[length + 6];
        System.arraycopy(bytes, from, padded, 3, length);
        yield ByteBuffer.wrap(padded, 3, length);
      }
      case READ_ONLY -> ByteBuffer.wrap(bytes, from, length).slice().asReadOnlyBuffer();
      case DIRECT -> ByteBuffer.allocateDirect(length).put(bytes, from, length).flip();
    };
  }
}
