package io.sluice.codec.internal;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.function.Function;
import reactor.core.publisher.Flux;

/**
 * Decompresses a Flux of chunks lazily: each input chunk becomes an inner Flux that inflates one
 * output chunk per request, so a small input that expands enormously (a "zip bomb") costs memory
 * only as fast as the subscriber consumes. The inflater is released on completion, error and
 * cancel.
 */
public final class DecompressingTransformer
    implements Function<Flux<ByteBuffer>, Flux<ByteBuffer>> {

  private final boolean gzip;
  private final int chunkSize;

  /**
   * Creates the transformer.
   *
   * @param gzip {@code true} for gzip, {@code false} for zlib-wrapped deflate
   * @param chunkSize the size of the output chunks
   */
  public DecompressingTransformer(boolean gzip, int chunkSize) {
    this.gzip = gzip;
    this.chunkSize = chunkSize;
  }

  @Override
  public Flux<ByteBuffer> apply(Flux<ByteBuffer> chunks) {
    Objects.requireNonNull(chunks, "chunks");
    return Flux.defer(
        () -> {
          Decompressor decompressor = new Decompressor(gzip, chunkSize);
          return chunks
              .concatMap(
                  chunk ->
                      Flux.<ByteBuffer, Decompressor>generate(
                          () -> {
                            decompressor.input(chunk);
                            return decompressor;
                          },
                          (state, sink) -> {
                            state.step(sink);
                            return state;
                          }),
                  1)
              .concatWith(Flux.defer(() -> finish(decompressor)))
              .doFinally(signal -> decompressor.dispose());
        });
  }

  private static Flux<ByteBuffer> finish(Decompressor decompressor) {
    try {
      decompressor.finish();
      return Flux.empty();
    } catch (java.io.EOFException e) {
      return Flux.error(e);
    }
  }
}
