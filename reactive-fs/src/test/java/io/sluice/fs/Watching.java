package io.sluice.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;

/**
 * A subscription to a native watch, for tests. The watch registers asynchronously after
 * subscribing, so {@link #start} creates probe files until one is reported: from then on every
 * change is seen. Changes are awaited with a generous timeout, skipping unrelated ones (a write can
 * give several MODIFIED changes); absence is never asserted by waiting.
 */
final class Watching extends BaseSubscriber<FileChange> {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final BlockingQueue<Object> signals = new LinkedBlockingQueue<>();
  private final long initialDemand;

  private Watching(long initialDemand) {
    this.initialDemand = initialDemand;
  }

  static Watching start(Flux<FileChange> changes, Path probeDirectory) throws Exception {
    return start(changes, probeDirectory, Long.MAX_VALUE);
  }

  /** Subscribes with some demand, then waits until a probe file is reported. */
  static Watching start(Flux<FileChange> changes, Path probeDirectory, long demand)
      throws Exception {
    Watching watching = new Watching(demand);
    changes.subscribe(watching);
    for (int i = 0; ; i++) {
      Path probe = Files.createFile(probeDirectory.resolve("probe-" + i));
      Object signal = watching.signals.poll(50, TimeUnit.MILLISECONDS);
      // Any probe reported proves the registration; with limited demand it may be an older one.
      if (signal instanceof FileChange change
          && change.path().getParent().equals(probe.getParent())
          && change.path().getFileName().toString().startsWith("probe-")) {
        return watching;
      }
      if (signal instanceof Throwable error) {
        throw new AssertionError("the watch failed", error);
      }
      if (i > 400) {
        throw new AssertionError("the watch never reported a probe file");
      }
    }
  }

  @Override
  protected void hookOnSubscribe(Subscription subscription) {
    request(initialDemand);
  }

  @Override
  protected void hookOnNext(FileChange change) {
    signals.add(change);
  }

  @Override
  protected void hookOnError(Throwable error) {
    signals.add(error);
  }

  @Override
  protected void hookOnComplete() {
    signals.add("complete");
  }

  /** Waits for a change matching the predicate, skipping others. */
  FileChange await(FileChange.Kind kind, Path path) throws InterruptedException {
    return await(change -> change.kind() == kind && change.path().equals(path), kind + " " + path);
  }

  FileChange await(Predicate<FileChange> wanted, String description) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      Object signal = signals.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (signal == null) {
        throw new AssertionError("Timed out waiting for " + description);
      }
      if (signal instanceof FileChange change) {
        if (wanted.test(change)) {
          return change;
        }
      } else {
        throw new AssertionError("Got " + signal + " while waiting for " + description);
      }
    }
  }

  /** Waits for completion, skipping changes. */
  void awaitComplete() throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      Object signal = signals.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (signal == null) {
        throw new AssertionError("Timed out waiting for completion");
      }
      if ("complete".equals(signal)) {
        return;
      }
      if (signal instanceof Throwable error) {
        throw new AssertionError("failed instead of completing", error);
      }
    }
  }

  static void write(Path file, String content) {
    try {
      Files.writeString(file, content);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
