package io.sluice.fs.internal;

import java.io.Closeable;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * A source whose reads block: a file channel, a directory walk, a watch service. {@link
 * BlockingSourcePublisher} pulls it on a scheduler, one element per unit of demand.
 *
 * @param <T> the elements
 */
interface BlockingSource<T> extends Closeable {

  /**
   * Reads the next element, blocking as long as needed.
   *
   * @return the element, or {@code null} at the end
   */
  @Nullable T next() throws IOException;

  /** Whether the end is known to be reached, so the publisher can complete without more demand. */
  default boolean atEnd() {
    return false;
  }

  /**
   * Unblocks a {@link #next()} that may be waiting, on cancellation. Called from any thread, at
   * most once; may block briefly. Does nothing by default: most reads return soon anyway.
   */
  default void wakeUp() throws IOException {}
}
