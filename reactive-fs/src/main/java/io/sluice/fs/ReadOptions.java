package io.sluice.fs;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * How a file is read: chunk size, the byte range, and the scheduler that runs the blocking reads.
 * Immutable; each {@code with...} method returns a copy.
 *
 * <p>Defaults: {@value #DEFAULT_CHUNK_SIZE}-byte chunks, from offset 0 to the end of the file, on
 * {@link Schedulers#boundedElastic()}.
 */
public final class ReadOptions {

  /** The default chunk size in bytes: 64 KiB. */
  public static final int DEFAULT_CHUNK_SIZE = 64 * 1024;

  /** The largest chunk size in bytes: 16 MiB. */
  public static final int MAX_CHUNK_SIZE = 16 * 1024 * 1024;

  private static final ReadOptions DEFAULTS =
      new ReadOptions(DEFAULT_CHUNK_SIZE, 0, Long.MAX_VALUE, null);

  private final int chunkSize;
  private final long offset;
  private final long length;
  private final @Nullable Scheduler scheduler;

  private ReadOptions(int chunkSize, long offset, long length, @Nullable Scheduler scheduler) {
    this.chunkSize = chunkSize;
    this.offset = offset;
    this.length = length;
    this.scheduler = scheduler;
  }

  /**
   * The default options.
   *
   * @return 64 KiB chunks, the whole file, on the bounded elastic scheduler
   */
  public static ReadOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Sets the size of the chunks: each demanded chunk is one read of this many bytes (the last may
   * be shorter). Default {@value #DEFAULT_CHUNK_SIZE}.
   *
   * @param chunkSize the size in bytes, between 1 and {@value #MAX_CHUNK_SIZE}
   * @return a copy with the chunk size set
   * @throws IllegalArgumentException outside that range
   */
  public ReadOptions withChunkSize(int chunkSize) {
    if (chunkSize < 1 || chunkSize > MAX_CHUNK_SIZE) {
      throw new IllegalArgumentException(
          "chunkSize must be between 1 and " + MAX_CHUNK_SIZE + " bytes, was " + chunkSize);
    }
    return new ReadOptions(chunkSize, offset, length, scheduler);
  }

  /**
   * Sets where reading starts. An offset at or past the end of the file reads nothing. Default 0.
   *
   * @param offset the position of the first byte to read, at least 0
   * @return a copy with the offset set
   * @throws IllegalArgumentException if {@code offset < 0}
   */
  public ReadOptions withOffset(long offset) {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be >= 0, was " + offset);
    }
    return new ReadOptions(chunkSize, offset, length, scheduler);
  }

  /**
   * Sets how many bytes to read at most, for example the length of an HTTP range. Reading stops
   * earlier at the end of the file. Default: to the end of the file.
   *
   * @param length the number of bytes, at least 0
   * @return a copy with the length set
   * @throws IllegalArgumentException if {@code length < 0}
   */
  public ReadOptions withLength(long length) {
    if (length < 0) {
      throw new IllegalArgumentException("length must be >= 0, was " + length);
    }
    return new ReadOptions(chunkSize, offset, length, scheduler);
  }

  /**
   * Sets the scheduler that runs the blocking calls (open, read, close). It must allow blocking.
   * Default {@link Schedulers#boundedElastic()}.
   *
   * @param scheduler a scheduler whose threads may block
   * @return a copy with the scheduler set
   */
  public ReadOptions withScheduler(Scheduler scheduler) {
    Objects.requireNonNull(scheduler, "scheduler");
    return new ReadOptions(chunkSize, offset, length, scheduler);
  }

  /**
   * The chunk size.
   *
   * @return the size in bytes
   */
  public int chunkSize() {
    return chunkSize;
  }

  /**
   * Where reading starts.
   *
   * @return the offset in bytes
   */
  public long offset() {
    return offset;
  }

  /**
   * How much is read at most.
   *
   * @return the length in bytes; {@link Long#MAX_VALUE} for the whole rest of the file
   */
  public long length() {
    return length;
  }

  /**
   * The scheduler of the blocking calls.
   *
   * @return the configured scheduler, or {@link Schedulers#boundedElastic()} at the time of the
   *     call
   */
  public Scheduler scheduler() {
    return scheduler != null ? scheduler : Schedulers.boundedElastic();
  }

  @Override
  public String toString() {
    return "ReadOptions{chunkSize="
        + chunkSize
        + ", offset="
        + offset
        + ", length="
        + (length == Long.MAX_VALUE ? "to end" : length)
        + "}";
  }
}
