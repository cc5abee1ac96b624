package io.sluice.codec.internal;

import io.sluice.codec.ChunkDecoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;

/**
 * Applies a {@link ChunkDecoder} to a Flux of chunks: a fresh decoder per subscription, one chunk
 * requested ahead at most, the values of a chunk emitted under downstream demand, and the decoder
 * disposed on completion, error and cancel.
 *
 * <p>The values of one chunk are collected before they are emitted, so a decoder must produce a
 * bounded number of values per chunk (at most a few per input byte). Decoders whose output can grow
 * without bound, like decompression, must not use this class.
 *
 * @param <T> the values produced
 */
public final class DecodingTransformer<T> implements Function<Flux<ByteBuffer>, Flux<T>> {

  private final Supplier<? extends ChunkDecoder<T>> decoders;

  /**
   * Creates the transformer.
   *
   * @param decoders makes the decoder of each subscription
   */
  public DecodingTransformer(Supplier<? extends ChunkDecoder<T>> decoders) {
    this.decoders = Objects.requireNonNull(decoders, "decoders");
  }

  @Override
  public Flux<T> apply(Flux<ByteBuffer> chunks) {
    Objects.requireNonNull(chunks, "chunks");
    return Flux.defer(
        () -> {
          ChunkDecoder<T> decoder = decoders.get();
          return chunks
              .concatMap(chunk -> run(out -> decoder.decode(chunk, out)), 1)
              .concatWith(Flux.defer(() -> run(decoder::finish)))
              .doFinally(signal -> decoder.dispose());
        });
  }

  private Flux<T> run(Step<T> step) {
    List<T> out = new ArrayList<>();
    try {
      step.run(out::add);
    } catch (IOException | RuntimeException e) {
      return out.isEmpty() ? Flux.error(e) : Flux.fromIterable(out).concatWith(Flux.error(e));
    }
    return switch (out.size()) {
      case 0 -> Flux.empty();
      case 1 -> Flux.just(out.get(0));
      default -> Flux.fromIterable(out);
    };
  }

  @FunctionalInterface
  private interface Step<T> {
    void run(Consumer<? super T> out) throws IOException;
  }
}
