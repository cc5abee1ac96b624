package io.sluice.codec.internal;

import io.sluice.codec.ChunkDecoder;
import io.sluice.codec.FrameTooLongException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Splits chunks into frames at a delimiter of one or more bytes (Knuth-Morris-Pratt matching, so a
 * delimiter split across chunks is found). Frames are fresh arrays; the delimiter is dropped.
 */
public final class DelimiterDecoder implements ChunkDecoder<ByteBuffer> {

  private final byte[] delimiter;
  private final int[] fallback;
  private final int maxFrameLength;
  private final ByteAccumulator pending = new ByteAccumulator();
  private int matched;
  private long frameNumber = 1;
  private long frameStart;
  private long offset;

  /**
   * Creates the decoder of one subscription.
   *
   * @param delimiter the delimiter, at least one byte
   * @param maxFrameLength the longest accepted frame, delimiter excluded
   */
  public DelimiterDecoder(byte[] delimiter, int maxFrameLength) {
    this.delimiter = delimiter.clone();
    this.fallback = failureTable(this.delimiter);
    this.maxFrameLength = maxFrameLength;
  }

  @Override
  public void decode(ByteBuffer chunk, Consumer<? super ByteBuffer> out) {
    ByteSlice slice = ByteSlice.of(chunk);
    byte[] bytes = slice.array();
    int end = slice.end();
    long base = offset - slice.offset();
    int segmentStart = slice.offset();
    for (int i = slice.offset(); i < end; i++) {
      byte b = bytes[i];
      while (matched > 0 && b != delimiter[matched]) {
        matched = fallback[matched - 1];
      }
      if (b == delimiter[matched]) {
        matched++;
      }
      if (matched == delimiter.length) {
        matched = 0;
        int total = pending.length() + (i + 1 - segmentStart);
        int frameLength = total - delimiter.length;
        checkLength(frameLength);
        byte[] frame = new byte[frameLength];
        int fromPending = Math.min(pending.length(), frameLength);
        System.arraycopy(pending.array(), 0, frame, 0, fromPending);
        System.arraycopy(bytes, segmentStart, frame, fromPending, frameLength - fromPending);
        pending.clear();
        segmentStart = i + 1;
        frameNumber++;
        frameStart = base + i + 1;
        out.accept(ByteBuffer.wrap(frame));
      }
    }
    int rest = end - segmentStart;
    // A frame's bytes plus a partly matched delimiter may be pending.
    checkLength(pending.length() + rest - matched);
    pending.append(bytes, segmentStart, rest);
    offset += slice.length();
  }

  @Override
  public void finish(Consumer<? super ByteBuffer> out) {
    if (!pending.isEmpty()) {
      checkLength(pending.length());
      byte[] frame = pending.copyOf(0, pending.length());
      pending.clear();
      out.accept(ByteBuffer.wrap(frame));
    }
  }

  private void checkLength(int frameLength) {
    if (frameLength > maxFrameLength) {
      pending.clear();
      throw new FrameTooLongException(frameNumber, frameStart, -1, maxFrameLength);
    }
  }

  private static int[] failureTable(byte[] pattern) {
    int[] table = new int[pattern.length];
    int k = 0;
    for (int i = 1; i < pattern.length; i++) {
      while (k > 0 && pattern[i] != pattern[k]) {
        k = table[k - 1];
      }
      if (pattern[i] == pattern[k]) {
        k++;
      }
      table[i] = k;
    }
    return table;
  }
}
