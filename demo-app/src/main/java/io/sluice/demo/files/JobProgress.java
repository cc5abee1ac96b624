package io.sluice.demo.files;

import java.util.concurrent.atomic.AtomicLong;

/** How far a running job is: units done out of a total, updated as it streams. */
final class JobProgress {

  private final AtomicLong done = new AtomicLong();
  private volatile long total = -1;

  void add(long units) {
    done.addAndGet(units);
  }

  void total(long units) {
    total = units;
  }

  long done() {
    return done.get();
  }

  /** Returns the total, or -1 while it is not known. */
  long total() {
    return total;
  }

  /** Returns {@code done / total} capped at 1, or {@code null} while the total is not known. */
  @org.jspecify.annotations.Nullable
  Double ratio() {
    long all = total;
    if (all < 0) {
      return null;
    }
    return all == 0 ? 1.0 : Math.min(1.0, (double) done.get() / all);
  }
}
