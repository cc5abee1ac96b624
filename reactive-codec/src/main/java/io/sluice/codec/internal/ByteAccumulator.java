package io.sluice.codec.internal;

import java.util.Arrays;

/** A growable byte array holding the bytes of a record that spans chunks. Not thread-safe. */
final class ByteAccumulator {

  private static final int INITIAL_CAPACITY = 256;
  private static final int RETAINED_CAPACITY = 64 * 1024;

  private byte[] bytes = new byte[INITIAL_CAPACITY];
  private int length;

  void append(byte[] source, int offset, int count) {
    ensureCapacity(length + count);
    System.arraycopy(source, offset, bytes, length, count);
    length += count;
  }

  void append(ByteSlice slice) {
    append(slice.array(), slice.offset(), slice.length());
  }

  /** The backing array; valid up to {@link #length()} until the next change. */
  byte[] array() {
    return bytes;
  }

  int length() {
    return length;
  }

  boolean isEmpty() {
    return length == 0;
  }

  /** Removes the first {@code count} bytes. */
  void discardFront(int count) {
    if (count == 0) {
      return;
    }
    System.arraycopy(bytes, count, bytes, 0, length - count);
    length -= count;
    shrinkIfLarge();
  }

  void clear() {
    length = 0;
    shrinkIfLarge();
  }

  byte[] copyOf(int offset, int count) {
    return Arrays.copyOfRange(bytes, offset, offset + count);
  }

  private void ensureCapacity(int capacity) {
    if (capacity > bytes.length) {
      int grown = Math.max(capacity, bytes.length < (1 << 29) ? bytes.length << 1 : capacity);
      bytes = Arrays.copyOf(bytes, grown);
    }
  }

  private void shrinkIfLarge() {
    if (bytes.length > RETAINED_CAPACITY && length <= INITIAL_CAPACITY) {
      bytes = Arrays.copyOf(bytes, INITIAL_CAPACITY);
    }
  }
}
