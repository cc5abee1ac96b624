package io.sluice.codec;

import io.sluice.codec.internal.Compressor;
import io.sluice.codec.internal.DecodingTransformer;
import io.sluice.codec.internal.DecompressingTransformer;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.function.Function;
import reactor.core.publisher.Flux;

/**
 * gzip and deflate compression for any Flux of byte chunks, with the JDK's zlib:
 *
 * <pre>{@code
 * Flux<ByteBuffer> compressed = chunks.transform(Compression.gzip());
 * Flux<ByteBuffer> original = compressed.transform(Compression.gunzip());
 * }</pre>
 *
 * <p>{@code gzip} is RFC 1952 (the {@code .gz} file format and HTTP's {@code gzip} content coding);
 * {@code deflate} is zlib-wrapped deflate, RFC 1950 (HTTP's {@code deflate} content coding). Raw
 * deflate without the zlib wrapper is not offered. Each subscription holds a native zlib stream,
 * released on completion, error and cancel.
 */
public final class Compression {

  private Compression() {}

  /**
   * Compresses to gzip with the {@link CompressionOptions#defaults() default options}.
   *
   * @return the transformer; see {@link #gzip(CompressionOptions)}
   */
  public static Function<Flux<ByteBuffer>, Flux<ByteBuffer>> gzip() {
    return gzip(CompressionOptions.defaults());
  }

  /**
   * Compresses to a single gzip member (no file name, no modification time).
   *
   * <p><b>Emits</b> fresh heap buffers of {@code chunkSize} bytes (the last may be smaller), owned
   * by the subscriber; with {@code flushEachChunk}, also everything compressed so far after each
   * input chunk. <b>Backpressure:</b> one input chunk is requested ahead at most; the output of an
   * input chunk (at most its size plus a few bytes) is emitted as downstream demands it.
   * <b>Cancellation:</b> cancels the source and releases the compressor. <b>Errors:</b> source
   * errors pass through.
   *
   * @param options level, output chunk size and flushing
   * @return the transformer, reusable for any number of subscriptions
   */
  public static Function<Flux<ByteBuffer>, Flux<ByteBuffer>> gzip(CompressionOptions options) {
    Objects.requireNonNull(options, "options");
    return new DecodingTransformer<>(() -> new Compressor(true, options));
  }

  /**
   * Compresses to zlib-wrapped deflate with the {@link CompressionOptions#defaults() default
   * options}.
   *
   * @return the transformer; see {@link #deflate(CompressionOptions)}
   */
  public static Function<Flux<ByteBuffer>, Flux<ByteBuffer>> deflate() {
    return deflate(CompressionOptions.defaults());
  }

  /**
   * Compresses to zlib-wrapped deflate (RFC 1950). Emits, backpressure, cancellation and errors as
   * {@link #gzip(CompressionOptions)}.
   *
   * @param options level, output chunk size and flushing
   * @return the transformer, reusable for any number of subscriptions
   */
  public static Function<Flux<ByteBuffer>, Flux<ByteBuffer>> deflate(CompressionOptions options) {
    Objects.requireNonNull(options, "options");
    return new DecodingTransformer<>(() -> new Compressor(false, options));
  }

  /**
   * Decompresses gzip into chunks of at most {@value CompressionOptions#DEFAULT_CHUNK_SIZE} bytes.
   *
   * @return the transformer; see {@link #gunzip(int)}
   */
  public static Function<Flux<ByteBuffer>, Flux<ByteBuffer>> gunzip() {
    return gunzip(CompressionOptions.DEFAULT_CHUNK_SIZE);
  }

  /**
   * Decompresses gzip: one or more members, each header, CRC-32 and length checked.
   *
   * <p><b>Emits</b> fresh heap buffers of at most {@code maxChunkSize} bytes, owned by the
   * subscriber. <b>Backpressure:</b> one output chunk is inflated per request, so memory stays
   * bounded however much the input expands; one input chunk is requested ahead at most.
   * <b>Cancellation:</b> cancels the source and releases the decompressor. <b>Errors:</b> {@link
   * java.util.zip.ZipException} for data that is not gzip or is corrupt (bad magic number, invalid
   * deflate data, CRC or length mismatch, trailing garbage), with the byte offset; {@link
   * java.io.EOFException} if the input ends inside a member (empty input included). Source errors
   * pass through.
   *
   * @param maxChunkSize the largest output chunk in bytes, at least 64
   * @return the transformer, reusable for any number of subscriptions
   * @throws IllegalArgumentException if {@code maxChunkSize < 64}
   */
  public static Function<Flux<ByteBuffer>, Flux<ByteBuffer>> gunzip(int maxChunkSize) {
    return new DecompressingTransformer(true, checkChunkSize(maxChunkSize));
  }

  /**
   * Decompresses zlib-wrapped deflate into chunks of at most {@value
   * CompressionOptions#DEFAULT_CHUNK_SIZE} bytes.
   *
   * @return the transformer; see {@link #inflate(int)}
   */
  public static Function<Flux<ByteBuffer>, Flux<ByteBuffer>> inflate() {
    return inflate(CompressionOptions.DEFAULT_CHUNK_SIZE);
  }

  /**
   * Decompresses zlib-wrapped deflate (RFC 1950), its Adler-32 checked. Emits, backpressure,
   * cancellation and errors as {@link #gunzip(int)}; bytes after the end of the stream are an
   * error.
   *
   * @param maxChunkSize the largest output chunk in bytes, at least 64
   * @return the transformer, reusable for any number of subscriptions
   * @throws IllegalArgumentException if {@code maxChunkSize < 64}
   */
  public static Function<Flux<ByteBuffer>, Flux<ByteBuffer>> inflate(int maxChunkSize) {
    return new DecompressingTransformer(false, checkChunkSize(maxChunkSize));
  }

  private static int checkChunkSize(int maxChunkSize) {
    if (maxChunkSize < 64) {
      throw new IllegalArgumentException("maxChunkSize must be >= 64 bytes, was " + maxChunkSize);
    }
    return maxChunkSize;
  }
}
