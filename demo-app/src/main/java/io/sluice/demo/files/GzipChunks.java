package io.sluice.demo.files;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import reactor.core.publisher.Flux;

/**
 * Compresses a stream of byte arrays into gzip chunks of about {@code chunkSize} bytes, as they
 * come. The deflater's native memory is released exactly once, on completion, error and cancel.
 */
final class GzipChunks {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final GZIPOutputStream gzip;
  private final int chunkSize;

  private GzipChunks(int chunkSize) {
    this.chunkSize = chunkSize;
    try {
      this.gzip = new GZIPOutputStream(out, 8192);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Compresses the input.
   *
   * @param input the uncompressed bytes, in order
   * @param chunkSize about how many compressed bytes to emit at a time, at least 1
   * @return the gzip stream's chunks; each subscription compresses anew
   */
  static Flux<ByteBuffer> compress(Flux<byte[]> input, int chunkSize) {
    if (chunkSize < 1) {
      throw new IllegalArgumentException("chunkSize must be at least 1, but was " + chunkSize);
    }
    return Flux.using(
        () -> new GzipChunks(chunkSize),
        gzip ->
            input
                .concatMapIterable(gzip::write)
                .concatWith(Flux.defer(() -> Flux.fromIterable(gzip.finish()))),
        GzipChunks::close);
  }

  private List<ByteBuffer> write(byte[] bytes) {
    try {
      gzip.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.size() >= chunkSize ? List.of(drain()) : List.of();
  }

  private List<ByteBuffer> finish() {
    try {
      gzip.finish();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.size() > 0 ? List.of(drain()) : List.of();
  }

  private ByteBuffer drain() {
    ByteBuffer chunk = ByteBuffer.wrap(out.toByteArray());
    out.reset();
    return chunk;
  }

  private void close() {
    try {
      gzip.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
