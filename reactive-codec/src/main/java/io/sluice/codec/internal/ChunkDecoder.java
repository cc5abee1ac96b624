package io.sluice.codec.internal;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * The state of one decoding subscription: turns each chunk into zero or more values. One instance
 * serves one subscription and is called serially.
 *
 * @param <T> the values produced
 */
public interface ChunkDecoder<T> {

  /**
   * Decodes one chunk. Values found before a failure are handed to {@code out} before the failure
   * is thrown, so they are emitted ahead of the error.
   *
   * @param chunk the chunk, read from its position to its limit and left unchanged
   * @param out receives the values
   * @throws Exception if the input is invalid
   */
  void decode(ByteBuffer chunk, Consumer<? super T> out) throws Exception;

  /**
   * Ends the input: hands over what the last chunk left pending, or fails if the input ended in the
   * middle of a record.
   *
   * @param out receives the values
   * @throws Exception if the input ended too early
   */
  void finish(Consumer<? super T> out) throws Exception;

  /** Releases what the decoder holds, on completion, error and cancel. Does nothing by default. */
  default void dispose() {}
}
