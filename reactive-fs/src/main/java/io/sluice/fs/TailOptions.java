package io.sluice.fs;

import io.sluice.codec.LineOptions;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * How a file is followed: where to start, how often to look for new data, how lines are decoded,
 * and the schedulers. Immutable; each {@code with...} method returns a copy.
 *
 * <p>Defaults: start at the end of the file, poll every 250 ms, UTF-8 lines of at most 1 MiB
 * ({@link LineOptions#defaults()}), reads of {@value ReadOptions#DEFAULT_CHUNK_SIZE} bytes,
 * blocking calls on {@link Schedulers#boundedElastic()}, poll delays on {@link
 * Schedulers#parallel()}.
 */
public final class TailOptions {

  /** The default poll interval: 250 milliseconds. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(250);

  private static final long FROM_END = -1;

  private static final TailOptions DEFAULTS =
      new TailOptions(
          FROM_END,
          DEFAULT_POLL_INTERVAL,
          LineOptions.defaults(),
          ReadOptions.DEFAULT_CHUNK_SIZE,
          null,
          null);

  private final long startOffset;
  private final Duration pollInterval;
  private final LineOptions lineOptions;
  private final int chunkSize;
  private final @Nullable Scheduler scheduler;
  private final @Nullable Scheduler timer;

  private TailOptions(
      long startOffset,
      Duration pollInterval,
      LineOptions lineOptions,
      int chunkSize,
      @Nullable Scheduler scheduler,
      @Nullable Scheduler timer) {
    this.startOffset = startOffset;
    this.pollInterval = pollInterval;
    this.lineOptions = lineOptions;
    this.chunkSize = chunkSize;
    this.scheduler = scheduler;
    this.timer = timer;
  }

  /**
   * The default options.
   *
   * @return from the end, every 250 ms, UTF-8 lines
   */
  public static TailOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Starts at the end of the file: only lines appended after the subscription are emitted. The
   * default.
   *
   * @return a copy starting at the end
   */
  public TailOptions withStartAtEnd() {
    return with(FROM_END);
  }

  /**
   * Starts at the beginning: the whole file, then what is appended.
   *
   * @return a copy starting at offset 0
   */
  public TailOptions withStartAtBeginning() {
    return with(0);
  }

  /**
   * Starts at a byte offset, which should be the start of a line. Past the end of the file,
   * following starts at the end.
   *
   * @param offset the offset, at least 0
   * @return a copy starting there
   * @throws IllegalArgumentException if {@code offset < 0}
   */
  public TailOptions withStartAtOffset(long offset) {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be >= 0, was " + offset);
    }
    return with(offset);
  }

  /**
   * Sets how long to wait before looking again once the file has been read to its end. While data
   * keeps coming, it is read without waiting. Default 250 ms.
   *
   * @param pollInterval the interval, at least 1 ms
   * @return a copy with the interval set
   * @throws IllegalArgumentException if shorter than 1 ms
   */
  public TailOptions withPollInterval(Duration pollInterval) {
    Objects.requireNonNull(pollInterval, "pollInterval");
    if (pollInterval.compareTo(Duration.ofMillis(1)) < 0) {
      throw new IllegalArgumentException("pollInterval must be >= 1ms, was " + pollInterval);
    }
    return new TailOptions(startOffset, pollInterval, lineOptions, chunkSize, scheduler, timer);
  }

  /**
   * Sets how lines are decoded: charset, maximum line length, malformed input. Default {@link
   * LineOptions#defaults()}.
   *
   * @param lineOptions the line options
   * @return a copy with the line options set
   */
  public TailOptions withLineOptions(LineOptions lineOptions) {
    Objects.requireNonNull(lineOptions, "lineOptions");
    return new TailOptions(startOffset, pollInterval, lineOptions, chunkSize, scheduler, timer);
  }

  /**
   * Sets the size of each read. Default {@value ReadOptions#DEFAULT_CHUNK_SIZE}.
   *
   * @param chunkSize the size in bytes, between 1 and {@value ReadOptions#MAX_CHUNK_SIZE}
   * @return a copy with the chunk size set
   * @throws IllegalArgumentException outside that range
   */
  public TailOptions withChunkSize(int chunkSize) {
    if (chunkSize < 1 || chunkSize > ReadOptions.MAX_CHUNK_SIZE) {
      throw new IllegalArgumentException(
          "chunkSize must be between 1 and "
              + ReadOptions.MAX_CHUNK_SIZE
              + " bytes, was "
              + chunkSize);
    }
    return new TailOptions(startOffset, pollInterval, lineOptions, chunkSize, scheduler, timer);
  }

  /**
   * Sets the scheduler that runs the blocking calls. Default {@link Schedulers#boundedElastic()}.
   *
   * @param scheduler a scheduler whose threads may block
   * @return a copy with the scheduler set
   */
  public TailOptions withScheduler(Scheduler scheduler) {
    Objects.requireNonNull(scheduler, "scheduler");
    return new TailOptions(startOffset, pollInterval, lineOptions, chunkSize, scheduler, timer);
  }

  /**
   * Sets the scheduler that times the polls. Default {@link Schedulers#parallel()}; under {@code
   * StepVerifier.withVirtualTime}, the defaults resolve to the virtual time scheduler.
   *
   * @param timer the scheduler of the poll delays
   * @return a copy with the timer set
   */
  public TailOptions withTimer(Scheduler timer) {
    Objects.requireNonNull(timer, "timer");
    return new TailOptions(startOffset, pollInterval, lineOptions, chunkSize, scheduler, timer);
  }

  private TailOptions with(long offset) {
    return new TailOptions(offset, pollInterval, lineOptions, chunkSize, scheduler, timer);
  }

  /**
   * Whether following starts at the end of the file.
   *
   * @return {@code true} if it does
   */
  public boolean startsAtEnd() {
    return startOffset == FROM_END;
  }

  /**
   * The start offset.
   *
   * @return the offset where following starts, or -1 for the end of the file
   */
  public long startOffset() {
    return startOffset;
  }

  /**
   * The poll interval.
   *
   * @return the wait between polls once caught up
   */
  public Duration pollInterval() {
    return pollInterval;
  }

  /**
   * The line options.
   *
   * @return how lines are decoded
   */
  public LineOptions lineOptions() {
    return lineOptions;
  }

  /**
   * The read size.
   *
   * @return the chunk size in bytes
   */
  public int chunkSize() {
    return chunkSize;
  }

  /**
   * The scheduler of the blocking calls.
   *
   * @return the configured one, or {@link Schedulers#boundedElastic()} at the time of the call
   */
  public Scheduler scheduler() {
    return scheduler != null ? scheduler : Schedulers.boundedElastic();
  }

  /**
   * The scheduler of the poll delays.
   *
   * @return the configured one, or {@link Schedulers#parallel()} at the time of the call
   */
  public Scheduler timer() {
    return timer != null ? timer : Schedulers.parallel();
  }

  @Override
  public String toString() {
    return "TailOptions{start="
        + (startOffset == FROM_END ? "end" : startOffset)
        + ", pollInterval="
        + pollInterval
        + ", "
        + lineOptions
        + ", chunkSize="
        + chunkSize
        + "}";
  }
}
