package io.sluice.fs;

import java.nio.file.FileSystems;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * How a directory tree is walked: depth, glob filter, symbolic links and the scheduler that runs
 * the blocking directory reads. Immutable; each {@code with...} method returns a copy.
 *
 * <p>Defaults: unlimited depth, every entry, symbolic links not followed, on {@link
 * Schedulers#boundedElastic()}.
 */
public final class WalkOptions {

  private static final WalkOptions DEFAULTS = new WalkOptions(Integer.MAX_VALUE, null, false, null);

  private final int maxDepth;
  private final @Nullable String glob;
  private final boolean followLinks;
  private final @Nullable Scheduler scheduler;

  private WalkOptions(
      int maxDepth, @Nullable String glob, boolean followLinks, @Nullable Scheduler scheduler) {
    this.maxDepth = maxDepth;
    this.glob = glob;
    this.followLinks = followLinks;
    this.scheduler = scheduler;
  }

  /**
   * The default options.
   *
   * @return unlimited depth, no filter, links not followed, bounded elastic scheduler
   */
  public static WalkOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Sets how deep to go: 1 lists the start directory's entries only, 2 adds their children, and so
   * on. Default unlimited.
   *
   * @param maxDepth the depth, at least 1
   * @return a copy with the depth set
   * @throws IllegalArgumentException if {@code maxDepth < 1}
   */
  public WalkOptions withMaxDepth(int maxDepth) {
    if (maxDepth < 1) {
      throw new IllegalArgumentException("maxDepth must be >= 1, was " + maxDepth);
    }
    return new WalkOptions(maxDepth, glob, followLinks, scheduler);
  }

  /**
   * Emits only entries whose path relative to the start matches a glob ({@link
   * java.nio.file.FileSystem#getPathMatcher} syntax). Directories are still descended into when
   * they do not match. {@code *.log} matches at the first level only; {@code **.log} at any depth;
   * {@code {a,b}/*} in two directories. Default: every entry.
   *
   * @param glob the pattern, without the {@code glob:} prefix
   * @return a copy with the filter set
   * @throws IllegalArgumentException if the pattern is invalid
   */
  public WalkOptions withGlob(String glob) {
    Objects.requireNonNull(glob, "glob");
    try {
      FileSystems.getDefault().getPathMatcher("glob:" + glob);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("glob is invalid: " + glob, e);
    }
    return new WalkOptions(maxDepth, glob, followLinks, scheduler);
  }

  /**
   * Sets whether symbolic links to directories are followed; a link that leads back to one of its
   * ancestors fails the walk with {@link java.nio.file.FileSystemLoopException}. Default {@code
   * false}: links are emitted as entries, not followed.
   *
   * @param followLinks {@code true} to follow links
   * @return a copy with the setting changed
   */
  public WalkOptions withFollowLinks(boolean followLinks) {
    return new WalkOptions(maxDepth, glob, followLinks, scheduler);
  }

  /**
   * Sets the scheduler that runs the blocking calls. Default {@link Schedulers#boundedElastic()}.
   *
   * @param scheduler a scheduler whose threads may block
   * @return a copy with the scheduler set
   */
  public WalkOptions withScheduler(Scheduler scheduler) {
    Objects.requireNonNull(scheduler, "scheduler");
    return new WalkOptions(maxDepth, glob, followLinks, scheduler);
  }

  /**
   * The maximum depth.
   *
   * @return the depth; {@link Integer#MAX_VALUE} when unlimited
   */
  public int maxDepth() {
    return maxDepth;
  }

  /**
   * The glob filter.
   *
   * @return the pattern, or {@code null} when every entry is emitted
   */
  public @Nullable String glob() {
    return glob;
  }

  /**
   * Whether symbolic links are followed.
   *
   * @return {@code true} if they are
   */
  public boolean followLinks() {
    return followLinks;
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
    return "WalkOptions{maxDepth="
        + maxDepth
        + ", glob="
        + glob
        + ", followLinks="
        + followLinks
        + "}";
  }
}
