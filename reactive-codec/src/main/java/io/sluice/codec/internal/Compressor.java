package io.sluice.codec.internal;

import io.sluice.codec.ChunkDecoder;
import io.sluice.codec.CompressionOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Compresses chunks to gzip (RFC 1952) or zlib-wrapped deflate (RFC 1950). Output is gathered in
 * chunks of the configured size; the compressor's native memory is released on dispose, which waits
 * for a chunk being compressed on another thread.
 */
public final class Compressor implements ChunkDecoder<ByteBuffer> {

  private static final byte[] GZIP_HEADER = {
    0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, (byte) 0xff
  };

  private final boolean gzip;
  private final int chunkSize;
  private final boolean flushEachChunk;
  private final Deflater deflater;
  private final CRC32 crc = new CRC32();
  private ByteBuffer current;
  private boolean started;
  private boolean disposed;

  /**
   * Creates the compressor of one subscription.
   *
   * @param gzip {@code true} for gzip, {@code false} for zlib-wrapped deflate
   * @param options level, chunk size and flushing
   */
  public Compressor(boolean gzip, CompressionOptions options) {
    this.gzip = gzip;
    this.chunkSize = options.chunkSize();
    this.flushEachChunk = options.flushEachChunk();
    this.deflater = new Deflater(options.level(), gzip);
    this.current = ByteBuffer.allocate(chunkSize);
  }

  @Override
  public synchronized void decode(ByteBuffer chunk, Consumer<? super ByteBuffer> out) {
    if (disposed) {
      return;
    }
    start();
    ByteBuffer input = chunk.duplicate();
    crc.update(input.duplicate());
    deflater.setInput(input);
    while (!deflater.needsInput()) {
      deflater.deflate(current, Deflater.NO_FLUSH);
      emitIfFull(out);
    }
    if (flushEachChunk) {
      do {
        deflater.deflate(current, Deflater.SYNC_FLUSH);
      } while (emitIfFull(out));
      emitPartial(out);
    }
  }

  @Override
  public synchronized void finish(Consumer<? super ByteBuffer> out) {
    if (disposed) {
      return;
    }
    start();
    deflater.finish();
    while (!deflater.finished()) {
      deflater.deflate(current, Deflater.NO_FLUSH);
      emitIfFull(out);
    }
    if (gzip) {
      ByteBuffer trailer = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      trailer.putInt((int) crc.getValue()).putInt((int) deflater.getBytesRead()).flip();
      while (trailer.hasRemaining()) {
        current.put(trailer.get());
        emitIfFull(out);
      }
    }
    emitPartial(out);
  }

  @Override
  public synchronized void dispose() {
    disposed = true;
    deflater.end();
  }

  private void start() {
    if (!started) {
      started = true;
      if (gzip) {
        current.put(GZIP_HEADER);
      }
    }
  }

  private boolean emitIfFull(Consumer<? super ByteBuffer> out) {
    if (current.hasRemaining()) {
      return false;
    }
    out.accept(current.flip());
    current = ByteBuffer.allocate(chunkSize);
    return true;
  }

  private void emitPartial(Consumer<? super ByteBuffer> out) {
    if (current.position() > 0) {
      out.accept(current.flip());
      current = ByteBuffer.allocate(chunkSize);
    }
  }
}
