package io.sluice.fs;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * How a file is written: mode, forcing to disk, and the scheduler that runs the blocking writes.
 * Immutable; each {@code with...} method returns a copy.
 *
 * <p>Defaults: {@link WriteMode#TRUNCATE}, no force to disk, on {@link
 * Schedulers#boundedElastic()}.
 */
public final class WriteOptions {

  private static final WriteOptions DEFAULTS = new WriteOptions(WriteMode.TRUNCATE, false, null);

  private final WriteMode mode;
  private final boolean fsync;
  private final @Nullable Scheduler scheduler;

  private WriteOptions(WriteMode mode, boolean fsync, @Nullable Scheduler scheduler) {
    this.mode = mode;
    this.fsync = fsync;
    this.scheduler = scheduler;
  }

  /**
   * The default options.
   *
   * @return truncate, no fsync, on the bounded elastic scheduler
   */
  public static WriteOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Sets the write mode. Default {@link WriteMode#TRUNCATE}.
   *
   * @param mode the mode
   * @return a copy with the mode set
   */
  public WriteOptions withMode(WriteMode mode) {
    Objects.requireNonNull(mode, "mode");
    return new WriteOptions(mode, fsync, scheduler);
  }

  /**
   * Sets whether the file is forced to disk ({@code fsync}) before the write completes. {@link
   * WriteMode#ATOMIC} always forces. Default {@code false}.
   *
   * @param fsync {@code true} to force the content to disk at the end
   * @return a copy with the setting changed
   */
  public WriteOptions withFsync(boolean fsync) {
    return new WriteOptions(mode, fsync, scheduler);
  }

  /**
   * Sets the scheduler that runs the blocking calls (open, write, force, rename, close). Default
   * {@link Schedulers#boundedElastic()}.
   *
   * @param scheduler a scheduler whose threads may block
   * @return a copy with the scheduler set
   */
  public WriteOptions withScheduler(Scheduler scheduler) {
    Objects.requireNonNull(scheduler, "scheduler");
    return new WriteOptions(mode, fsync, scheduler);
  }

  /**
   * The write mode.
   *
   * @return the mode
   */
  public WriteMode mode() {
    return mode;
  }

  /**
   * Whether the content is forced to disk.
   *
   * @return {@code true} if it is (always for {@link WriteMode#ATOMIC})
   */
  public boolean fsync() {
    return fsync || mode == WriteMode.ATOMIC;
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
    return "WriteOptions{mode=" + mode + ", fsync=" + fsync() + "}";
  }
}
