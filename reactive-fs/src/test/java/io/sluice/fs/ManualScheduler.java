package io.sluice.fs;

import java.util.concurrent.ConcurrentLinkedQueue;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** A scheduler whose tasks run only when the test says so, on the test's thread. */
final class ManualScheduler {

  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final Scheduler scheduler = Schedulers.fromExecutor(tasks::add);

  Scheduler scheduler() {
    return scheduler;
  }

  int pending() {
    return tasks.size();
  }

  /** Runs the oldest queued task. */
  void runNext() {
    Runnable task = tasks.poll();
    if (task == null) {
      throw new AssertionError("no task is queued");
    }
    task.run();
  }

  /** Runs the tasks queued so far and those they queue, until none is left. */
  void runAll() {
    Runnable task;
    while ((task = tasks.poll()) != null) {
      task.run();
    }
  }
}
