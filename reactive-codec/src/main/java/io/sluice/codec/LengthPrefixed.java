package io.sluice.codec;

import io.sluice.codec.internal.DecodingTransformer;
import io.sluice.codec.internal.LengthPrefixDecoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
import java.util.function.Function;
import reactor.core.publisher.Flux;

/**
 * Length-prefixed framing for any Flux of byte chunks: each frame is a length field followed by
 * that many payload bytes.
 *
 * <pre>{@code
 * Flux<ByteBuffer> messages = chunks.transform(LengthPrefixed.decoder());
 * Flux<ByteBuffer> wire = messages.transform(LengthPrefixed.encoder());
 * }</pre>
 */
public final class LengthPrefixed {

  private LengthPrefixed() {}

  /**
   * Decodes frames with a 4-byte big-endian length and payloads of 1 MiB at most.
   *
   * @return the transformer; see {@link #decoder(LengthPrefixOptions)}
   */
  public static Function<Flux<ByteBuffer>, Flux<ByteBuffer>> decoder() {
    return decoder(LengthPrefixOptions.defaults());
  }

  /**
   * Decodes length-prefixed frames; a prefix or payload split across chunks is reassembled.
   *
   * <p><b>Emits</b> each payload, without its prefix, as a fresh heap buffer owned by the
   * subscriber. <b>Backpressure:</b> one chunk is requested ahead at most; the frames of a chunk
   * are emitted as downstream demands them. <b>Cancellation:</b> cancels the source. <b>Errors:</b>
   * {@link FrameTooLongException} when a prefix declares more than the limit (nothing of that frame
   * is buffered); {@link java.io.EOFException} when the input ends inside a frame; source errors
   * pass through.
   *
   * @param options the prefix layout and frame limit
   * @return the transformer, reusable for any number of subscriptions
   */
  public static Function<Flux<ByteBuffer>, Flux<ByteBuffer>> decoder(LengthPrefixOptions options) {
    Objects.requireNonNull(options, "options");
    return new DecodingTransformer<>(() -> new LengthPrefixDecoder(options));
  }

  /**
   * Encodes frames with a 4-byte big-endian length, 1 MiB at most.
   *
   * @return the transformer; see {@link #encoder(LengthPrefixOptions)}
   */
  public static Function<Flux<ByteBuffer>, Flux<ByteBuffer>> encoder() {
    return encoder(LengthPrefixOptions.defaults());
  }

  /**
   * Writes each frame after its length.
   *
   * <p><b>Emits</b> one fresh heap buffer per frame (prefix then payload). Frames are read from
   * position to limit and not changed. <b>Backpressure:</b> one frame per requested buffer.
   * <b>Errors:</b> {@link FrameTooLongException} for a frame longer than the effective limit;
   * source errors pass through.
   *
   * @param options the prefix layout and frame limit
   * @return the transformer, reusable for any number of subscriptions
   */
  public static Function<Flux<ByteBuffer>, Flux<ByteBuffer>> encoder(LengthPrefixOptions options) {
    Objects.requireNonNull(options, "options");
    int prefixLength = options.prefixLength();
    int max = options.effectiveMaxFrameLength();
    ByteOrder order = options.byteOrder();
    return frames ->
        Flux.defer(
            () -> {
              long[] position = {1, 0}; // frame number, output offset
              return frames.handle(
                  (frame, sink) -> {
                    int length = frame.remaining();
                    if (length > max) {
                      sink.error(new FrameTooLongException(position[0], position[1], length, max));
                      return;
                    }
                    ByteBuffer out = ByteBuffer.allocate(prefixLength + length).order(order);
                    switch (prefixLength) {
                      case 1 -> out.put((byte) length);
                      case 2 -> out.putShort((short) length);
                      case 4 -> out.putInt(length);
                      default -> out.putLong(length);
                    }
                    out.put(frame.duplicate()).flip();
                    position[0]++;
                    position[1] += out.remaining();
                    sink.next(out.order(ByteOrder.BIG_ENDIAN));
                  });
            });
  }
}
