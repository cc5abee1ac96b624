package io.sluice.codec;

import io.sluice.codec.internal.DecodingTransformer;
import io.sluice.codec.internal.DelimiterDecoder;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.function.Function;
import reactor.core.publisher.Flux;

/**
 * Delimiter framing for any Flux of byte chunks: frames separated by a sequence of one or more
 * bytes, like Vert.x's {@code RecordParser.newDelimited}.
 *
 * <pre>{@code
 * byte[] nul = {0};
 * Flux<ByteBuffer> frames = chunks.transform(Delimited.decoder(nul, 64 * 1024));
 * }</pre>
 */
public final class Delimited {

  private Delimited() {}

  /**
   * Splits chunks into frames at a delimiter. A delimiter split across chunks is found; the
   * trailing bytes after the last delimiter, if any, form the last frame.
   *
   * <p><b>Emits</b> each frame without its delimiter, as a fresh heap buffer owned by the
   * subscriber. <b>Backpressure:</b> one chunk is requested ahead at most; the frames of a chunk
   * are emitted as downstream demands them; at most {@code maxFrameLength} bytes plus one chunk are
   * buffered. <b>Cancellation:</b> cancels the source. <b>Errors:</b> {@link FrameTooLongException}
   * as soon as a frame passes {@code maxFrameLength}; source errors pass through.
   *
   * @param delimiter the delimiter bytes, at least one; copied
   * @param maxFrameLength the longest accepted frame in bytes, delimiter excluded
   * @return the transformer, reusable for any number of subscriptions
   * @throws IllegalArgumentException if the delimiter is empty or {@code maxFrameLength < 0}
   */
  public static Function<Flux<ByteBuffer>, Flux<ByteBuffer>> decoder(
      byte[] delimiter, int maxFrameLength) {
    byte[] copy = checkDelimiter(delimiter);
    if (maxFrameLength < 0) {
      throw new IllegalArgumentException("maxFrameLength must be >= 0, was " + maxFrameLength);
    }
    return new DecodingTransformer<>(() -> new DelimiterDecoder(copy, maxFrameLength));
  }

  /**
   * Writes each frame followed by the delimiter.
   *
   * <p><b>Emits</b> one fresh heap buffer per frame (frame then delimiter). The frames are read
   * from position to limit and not changed. It does not check that a frame is free of the
   * delimiter. <b>Backpressure:</b> one frame per requested buffer.
   *
   * @param delimiter the delimiter bytes, at least one; copied
   * @return the transformer
   * @throws IllegalArgumentException if the delimiter is empty
   */
  public static Function<Flux<ByteBuffer>, Flux<ByteBuffer>> encoder(byte[] delimiter) {
    byte[] copy = checkDelimiter(delimiter);
    return frames ->
        frames.map(
            frame ->
                ByteBuffer.allocate(frame.remaining() + copy.length)
                    .put(frame.duplicate())
                    .put(copy)
                    .flip());
  }

  private static byte[] checkDelimiter(byte[] delimiter) {
    Objects.requireNonNull(delimiter, "delimiter");
    if (delimiter.length == 0) {
      throw new IllegalArgumentException("delimiter must have at least one byte, was empty");
    }
    return delimiter.clone();
  }
}
