package io.sluice.demo.readings;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Locale;

/**
 * What this JVM keeps alive: the heap in use after full collections, for checks that a run left
 * nothing behind.
 */
final class LiveHeap {

  private static final int COLLECTIONS = 5;

  private LiveHeap() {}

  /**
   * Collects garbage several times and returns the least heap in use after a collection, so that
   * what a background thread allocated between two collections does not count.
   *
   * @return bytes of heap in use
   * @throws InterruptedException if interrupted between collections
   */
  @SuppressWarnings("SystemGc") // a reading of live memory needs the garbage gone
  static long usedAfterFullGc() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long least = Long.MAX_VALUE;
    for (int i = 0; i < COLLECTIONS; i++) {
      memory.gc();
      least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
      Thread.sleep(20);
    }
    return least;
  }

  /** Formats bytes as MiB with one decimal. */
  static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
  }
}
