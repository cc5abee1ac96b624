package io.sluice.db;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import reactor.core.scheduler.Schedulers;

/**
 * Run in a forked JVM with a small heap by {@link StreamingMemoryTests}: streams a result much
 * larger than the heap to a deliberately slow subscriber and prints the rows and bytes received.
 */
final class StreamingMemoryProbe {

  private StreamingMemoryProbe() {}

  public static void main(String[] args) {
    String url = args[0];
    long rows = Long.parseLong(args[1]);
    int width = Integer.parseInt(args[2]);
    Database db = Database.create(url);
    AtomicLong bytes = new AtomicLong();
    AtomicLong count = new AtomicLong();
    try {
      db.sql("select i, repeat('x', $2) as filler from generate_series(1, $1::bigint) i")
          .bind(rows, width)
          .map(row -> row.get("filler", String.class))
          .all()
          .publishOn(Schedulers.single(), 32)
          .doOnNext(
              filler -> {
                bytes.addAndGet(filler.length());
                if (count.incrementAndGet() % 128 == 0) {
                  LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
                }
              })
          .blockLast(Duration.ofMinutes(5));
    } finally {
      db.close().block(Duration.ofSeconds(30));
    }
    Runtime runtime = Runtime.getRuntime();
    System.out.println(
        "rows=" + count.get() + " bytes=" + bytes.get() + " maxHeap=" + runtime.maxMemory());
  }
}
