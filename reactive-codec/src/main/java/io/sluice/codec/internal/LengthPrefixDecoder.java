package io.sluice.codec.internal;

import io.sluice.codec.ChunkDecoder;
import io.sluice.codec.FrameTooLongException;
import io.sluice.codec.LengthPrefixOptions;
import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** Splits chunks into length-prefixed frames; each payload is a fresh array. */
public final class LengthPrefixDecoder implements ChunkDecoder<ByteBuffer> {

  private final int prefixLength;
  private final boolean bigEndian;
  private final int maxFrameLength;
  private final byte[] prefix;
  private int prefixFilled;
  private byte @Nullable [] payload;
  private int payloadFilled;
  private long frameNumber = 1;
  private long frameStart;
  private long offset;

  /**
   * Creates the decoder of one subscription.
   *
   * @param options the frame layout
   */
  public LengthPrefixDecoder(LengthPrefixOptions options) {
    this.prefixLength = options.prefixLength();
    this.bigEndian = options.byteOrder() == ByteOrder.BIG_ENDIAN;
    this.maxFrameLength = options.effectiveMaxFrameLength();
    this.prefix = new byte[prefixLength];
  }

  @Override
  public void decode(ByteBuffer chunk, Consumer<? super ByteBuffer> out) {
    ByteSlice slice = ByteSlice.of(chunk);
    byte[] bytes = slice.array();
    int pos = slice.offset();
    int end = slice.end();
    long base = offset - pos;
    while (pos < end) {
      byte[] current = payload;
      if (current == null) {
        int take = Math.min(prefixLength - prefixFilled, end - pos);
        System.arraycopy(bytes, pos, prefix, prefixFilled, take);
        prefixFilled += take;
        pos += take;
        if (prefixFilled < prefixLength) {
          break;
        }
        long length = readLength();
        if (length < 0 || length > maxFrameLength) {
          throw new FrameTooLongException(frameNumber, frameStart, length, maxFrameLength);
        }
        current = new byte[(int) length];
        payload = current;
        payloadFilled = 0;
      }
      int take = Math.min(current.length - payloadFilled, end - pos);
      System.arraycopy(bytes, pos, current, payloadFilled, take);
      payloadFilled += take;
      pos += take;
      if (payloadFilled == current.length) {
        payload = null;
        prefixFilled = 0;
        frameNumber++;
        frameStart = base + pos;
        out.accept(ByteBuffer.wrap(current));
      }
    }
    offset += slice.length();
  }

  @Override
  public void finish(Consumer<? super ByteBuffer> out) throws EOFException {
    byte[] current = payload;
    if (current != null) {
      throw new EOFException(
          "Input ended inside frame "
              + frameNumber
              + " (starting at byte "
              + frameStart
              + "): "
              + payloadFilled
              + " of "
              + current.length
              + " payload bytes received");
    }
    if (prefixFilled > 0) {
      throw new EOFException(
          "Input ended inside the length prefix of frame "
              + frameNumber
              + " (starting at byte "
              + frameStart
              + "): "
              + prefixFilled
              + " of "
              + prefixLength
              + " bytes received");
    }
  }

  private long readLength() {
    long value = 0;
    for (int i = 0; i < prefixLength; i++) {
      int b = prefix[bigEndian ? i : prefixLength - 1 - i] & 0xFF;
      value = (value << 8) | b;
    }
    return value;
  }
}
