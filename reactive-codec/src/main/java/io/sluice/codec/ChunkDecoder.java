package io.sluice.codec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * A synchronous, stateful decoder of one byte stream, for code that receives bytes itself (a poll
 * loop, a channel handler) instead of through a Flux. The transformers of this package apply the
 * same decoders to a Flux.
 *
 * <p>One instance decodes one stream; it is not thread-safe, and calls must not overlap.
 *
 * @param <T> the values decoded
 */
public interface ChunkDecoder<T> {

  /**
   * Decodes one chunk. Values found before a failure are handed to {@code out} before the failure
   * is thrown.
   *
   * @param chunk the next bytes of the stream, read from position to limit and left unchanged
   * @param out receives the values decoded from the chunk and what earlier chunks left pending
   * @throws IOException if the input is invalid, for decoders that report it so (codec failures are
   *     unchecked {@link CodecException}s)
   */
  void decode(ByteBuffer chunk, Consumer<? super T> out) throws IOException;

  /**
   * Ends the stream: hands over what is still pending (a last line without terminator), or fails if
   * the stream ended inside a record.
   *
   * @param out receives the last values
   * @throws IOException if the stream ended too early, for decoders that report it so
   */
  void finish(Consumer<? super T> out) throws IOException;

  /** Releases what the decoder holds (native compression streams). Does nothing by default. */
  default void dispose() {}
}
