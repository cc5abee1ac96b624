package io.sluice.bench.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/** Samples a {@link MemoryProbe} at its interval on a thread of its own and keeps the peak. */
final class MemorySampler {

  private final MemoryProbe probe;
  private final AtomicLong peak = new AtomicLong(Long.MIN_VALUE);
  private final AtomicReference<@Nullable IOException> failure = new AtomicReference<>();
  private final CountDownLatch stop = new CountDownLatch(1);
  private final Thread thread;

  MemorySampler(MemoryProbe probe) {
    this.probe = probe;
    this.thread = new Thread(this::run, "memory-sampler");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Stops sampling after one last sample. */
  void stop() {
    stop.countDown();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The highest sample, in bytes. */
  long peak() {
    IOException error = failure.get();
    if (error != null) {
      throw new UncheckedIOException("Failed to sample " + probe.description(), error);
    }
    return peak.get();
  }

  private void run() {
    try {
      do {
        long sample = probe.bytes();
        peak.accumulateAndGet(sample, Math::max);
      } while (!stop.await(probe.interval().toMillis(), TimeUnit.MILLISECONDS));
      peak.accumulateAndGet(probe.bytes(), Math::max);
    } catch (IOException e) {
      failure.set(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
