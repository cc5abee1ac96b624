package io.sluice.demo.files;

import java.time.Duration;
import org.slf4j.Logger;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The background worker of imports or exports: runs the submitted jobs, at most {@code concurrency}
 * at once, in the order they were submitted. A job that fails is logged and the queue goes on; the
 * queue is unbounded (jobs are small descriptions, the work happens when they run).
 */
final class JobQueue {

  /** How long a submission retries when another thread is submitting at the same moment. */
  private static final Duration CONTENDED = Duration.ofSeconds(1);

  private final Sinks.Many<Mono<Void>> jobs = Sinks.many().unicast().onBackpressureBuffer();
  private final Disposable worker;

  /**
   * Starts the worker.
   *
   * @param concurrency jobs running at once
   * @param log where failed jobs are logged
   * @param kind {@code Import} or {@code Export}, for the log
   */
  JobQueue(int concurrency, Logger log, String kind) {
    this.worker =
        jobs.asFlux()
            .flatMap(
                job ->
                    job.onErrorResume(
                        error -> {
                          log.warn("{} job failed", kind, error);
                          return Mono.empty();
                        }),
                concurrency)
            .subscribe();
  }

  /** Queues a job; it runs once fewer than {@code concurrency} jobs run. */
  void submit(Mono<Void> job) {
    jobs.emitNext(job, Sinks.EmitFailureHandler.busyLooping(CONTENDED));
  }

  /** Stops the worker: running jobs are cancelled, queued ones never run. */
  Mono<Void> stop() {
    return Mono.fromRunnable(worker::dispose);
  }
}
