package io.sluice.fs.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Scheduler;
import reactor.util.context.Context;

/**
 * Runs one blocking file system call on a scheduler, as a Mono. Unlike {@code
 * Mono.fromCallable(..).subscribeOn(..)}, cancelling does not interrupt a call in progress (an
 * interrupt would close the file channel it uses); the call finishes and its result is dropped.
 */
final class BlockingIo {

  private BlockingIo() {}

  /** A blocking call that returns nothing. */
  @FunctionalInterface
  interface Action {
    void run() throws Exception;
  }

  static <T> Mono<T> call(Scheduler scheduler, Callable<? extends T> call) {
    return Mono.create(
        sink -> {
          try {
            scheduler.schedule(
                () -> {
                  T result;
                  try {
                    result = call.call();
                  } catch (Throwable e) {
                    sink.error(e);
                    return;
                  }
                  sink.success(result);
                });
          } catch (RejectedExecutionException e) {
            sink.error(Operators.onRejectedExecution(e, Context.of(sink.contextView())));
          }
        });
  }

  static Mono<Void> run(Scheduler scheduler, Action action) {
    return Mono.create(
        sink -> {
          try {
            scheduler.schedule(
                () -> {
                  try {
                    action.run();
                  } catch (Throwable e) {
                    sink.error(e);
                    return;
                  }
                  sink.success();
                });
          } catch (RejectedExecutionException e) {
            sink.error(Operators.onRejectedExecution(e, Context.of(sink.contextView())));
          }
        });
  }
}
