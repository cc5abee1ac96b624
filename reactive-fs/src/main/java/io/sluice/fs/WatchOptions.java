package io.sluice.fs;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * How a directory is watched: recursion, detection mode, poll interval and schedulers. Immutable;
 * each {@code with...} method returns a copy.
 *
 * <p>Defaults: the directory itself only, {@link WatchMode#AUTO}, a 1 second poll interval (polling
 * mode only), blocking calls on {@link Schedulers#boundedElastic()}, poll delays on {@link
 * Schedulers#parallel()}.
 */
public final class WatchOptions {

  /** The default poll interval of {@link WatchMode#POLLING}: 1 second. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

  private static final WatchOptions DEFAULTS =
      new WatchOptions(false, WatchMode.AUTO, DEFAULT_POLL_INTERVAL, null, null);

  private final boolean recursive;
  private final WatchMode mode;
  private final Duration pollInterval;
  private final @Nullable Scheduler scheduler;
  private final @Nullable Scheduler timer;

  private WatchOptions(
      boolean recursive,
      WatchMode mode,
      Duration pollInterval,
      @Nullable Scheduler scheduler,
      @Nullable Scheduler timer) {
    this.recursive = recursive;
    this.mode = mode;
    this.pollInterval = pollInterval;
    this.scheduler = scheduler;
    this.timer = timer;
  }

  /**
   * The default options.
   *
   * @return not recursive, automatic mode, 1 s polls when polling
   */
  public static WatchOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Sets whether subdirectories are watched too, including those created while watching (their
   * content found when they are registered is reported as {@link FileChange.Kind#CREATED}). Default
   * {@code false}.
   *
   * @param recursive {@code true} to watch the whole tree
   * @return a copy with the setting changed
   */
  public WatchOptions withRecursive(boolean recursive) {
    return new WatchOptions(recursive, mode, pollInterval, scheduler, timer);
  }

  /**
   * Sets how changes are detected. Default {@link WatchMode#AUTO}.
   *
   * @param mode the mode
   * @return a copy with the mode set
   */
  public WatchOptions withMode(WatchMode mode) {
    Objects.requireNonNull(mode, "mode");
    return new WatchOptions(recursive, mode, pollInterval, scheduler, timer);
  }

  /**
   * Sets the interval between two listings in polling mode. Default 1 second.
   *
   * @param pollInterval the interval, at least 1 ms
   * @return a copy with the interval set
   * @throws IllegalArgumentException if shorter than 1 ms
   */
  public WatchOptions withPollInterval(Duration pollInterval) {
    Objects.requireNonNull(pollInterval, "pollInterval");
    if (pollInterval.compareTo(Duration.ofMillis(1)) < 0) {
      throw new IllegalArgumentException("pollInterval must be >= 1ms, was " + pollInterval);
    }
    return new WatchOptions(recursive, mode, pollInterval, scheduler, timer);
  }

  /**
   * Sets the scheduler that runs the blocking calls; in native mode, one of its threads waits for
   * events while there is demand. Default {@link Schedulers#boundedElastic()}.
   *
   * @param scheduler a scheduler whose threads may block
   * @return a copy with the scheduler set
   */
  public WatchOptions withScheduler(Scheduler scheduler) {
    Objects.requireNonNull(scheduler, "scheduler");
    return new WatchOptions(recursive, mode, pollInterval, scheduler, timer);
  }

  /**
   * Sets the scheduler that times the polls in polling mode. Default {@link Schedulers#parallel()}.
   *
   * @param timer the scheduler of the poll delays
   * @return a copy with the timer set
   */
  public WatchOptions withTimer(Scheduler timer) {
    Objects.requireNonNull(timer, "timer");
    return new WatchOptions(recursive, mode, pollInterval, scheduler, timer);
  }

  /**
   * Whether subdirectories are watched.
   *
   * @return {@code true} if they are
   */
  public boolean recursive() {
    return recursive;
  }

  /**
   * The detection mode.
   *
   * @return the mode
   */
  public WatchMode mode() {
    return mode;
  }

  /**
   * The polling interval.
   *
   * @return the interval between listings in polling mode
   */
  public Duration pollInterval() {
    return pollInterval;
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
    return "WatchOptions{recursive="
        + recursive
        + ", mode="
        + mode
        + ", pollInterval="
        + pollInterval
        + "}";
  }
}
