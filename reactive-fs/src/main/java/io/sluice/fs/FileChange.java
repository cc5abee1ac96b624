package io.sluice.fs;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A change seen by {@link ReactiveFiles#watch}.
 *
 * @param kind what happened
 * @param path the entry that changed (the watched directory resolved with its name); for {@link
 *     Kind#OVERFLOW}, the directory whose events were lost
 */
public record FileChange(Kind kind, Path path) {

  /** What happened to an entry. */
  public enum Kind {
    /** The entry was created, or moved into the watched tree. */
    CREATED,
    /** The entry's content or attributes changed. */
    MODIFIED,
    /** The entry was deleted, or moved out of the watched tree. */
    DELETED,
    /**
     * Events were lost (the operating system's queue overflowed, or the consumer was too slow). The
     * directory should be listed again to learn its state.
     */
    OVERFLOW
  }

  /**
   * Creates a change.
   *
   * @param kind what happened
   * @param path the entry that changed
   */
  public FileChange {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(path, "path");
  }
}
