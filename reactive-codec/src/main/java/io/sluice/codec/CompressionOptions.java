package io.sluice.codec;

/**
 * How gzip and deflate compress: level, output chunk size and flushing. Immutable; each {@code
 * with...} method returns a copy.
 *
 * <p>Defaults: zlib's default level (6), {@value #DEFAULT_CHUNK_SIZE}-byte output chunks, no flush
 * per input chunk.
 */
public final class CompressionOptions {

  /** The default output chunk size in bytes: 64 KiB. */
  public static final int DEFAULT_CHUNK_SIZE = 64 * 1024;

  /** zlib's default compression level, a balance of speed and size (level 6). */
  public static final int DEFAULT_LEVEL = -1;

  private static final CompressionOptions DEFAULTS =
      new CompressionOptions(DEFAULT_LEVEL, DEFAULT_CHUNK_SIZE, false);

  private final int level;
  private final int chunkSize;
  private final boolean flushEachChunk;

  private CompressionOptions(int level, int chunkSize, boolean flushEachChunk) {
    this.level = level;
    this.chunkSize = chunkSize;
    this.flushEachChunk = flushEachChunk;
  }

  /**
   * The default options.
   *
   * @return level 6, 64 KiB output chunks, no flush per input chunk
   */
  public static CompressionOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Sets the compression level: 0 (none) to 9 (smallest), or -1 for zlib's default (6). Default -1.
   *
   * @param level the level
   * @return a copy with the level set
   * @throws IllegalArgumentException outside -1..9
   */
  public CompressionOptions withLevel(int level) {
    if (level < -1 || level > 9) {
      throw new IllegalArgumentException("level must be between -1 and 9, was " + level);
    }
    return new CompressionOptions(level, chunkSize, flushEachChunk);
  }

  /**
   * Sets the size of the compressed chunks emitted, in bytes; the last one may be smaller. Default
   * {@value #DEFAULT_CHUNK_SIZE}.
   *
   * @param chunkSize the size, at least 64
   * @return a copy with the size set
   * @throws IllegalArgumentException if {@code chunkSize < 64}
   */
  public CompressionOptions withChunkSize(int chunkSize) {
    if (chunkSize < 64) {
      throw new IllegalArgumentException("chunkSize must be >= 64 bytes, was " + chunkSize);
    }
    return new CompressionOptions(level, chunkSize, flushEachChunk);
  }

  /**
   * Sets whether the compressor flushes after each input chunk (zlib's sync flush), so that a
   * receiver can decompress everything sent so far: useful for streams of messages over a network,
   * at some cost in size. Without it, output is emitted when a chunk fills up and at the end.
   * Default {@code false}.
   *
   * @param flushEachChunk {@code true} to flush after each input chunk
   * @return a copy with the setting changed
   */
  public CompressionOptions withFlushEachChunk(boolean flushEachChunk) {
    return new CompressionOptions(level, chunkSize, flushEachChunk);
  }

  /**
   * The compression level.
   *
   * @return 0 to 9, or -1 for the default
   */
  public int level() {
    return level;
  }

  /**
   * The output chunk size.
   *
   * @return the size in bytes
   */
  public int chunkSize() {
    return chunkSize;
  }

  /**
   * Whether each input chunk is flushed.
   *
   * @return {@code true} if it is
   */
  public boolean flushEachChunk() {
    return flushEachChunk;
  }

  @Override
  public String toString() {
    return "CompressionOptions{level="
        + level
        + ", chunkSize="
        + chunkSize
        + ", flushEachChunk="
        + flushEachChunk
        + "}";
  }
}
