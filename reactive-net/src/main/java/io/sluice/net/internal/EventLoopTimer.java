package io.sluice.net.internal;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Mono;

/**
 * One-shot timers on a connection's own event loop, for per-request deadlines: arming and
 * cancelling one is a queue operation on the loop's thread, where a timer on a shared {@code
 * Schedulers.parallel()} worker costs a lock shared with every other connection and can wake that
 * worker's thread.
 */
public final class EventLoopTimer {

  private EventLoopTimer() {}

  /**
   * Emits {@code 0} once the delay has passed.
   *
   * <p>Cancellation: cancels the scheduled task (removed from the loop's queue, nothing keeps
   * running).
   *
   * @param loop the event loop that runs the timer
   * @param delayNanos the delay in nanoseconds
   * @return a {@code Mono} that arms a new timer on each subscription
   */
  @SuppressWarnings("FutureReturnValueIgnored") // a cancelled timer has nothing to report
  public static Mono<Long> after(EventExecutor loop, long delayNanos) {
    return Mono.create(
        sink -> {
          ScheduledFuture<?> task =
              loop.schedule(() -> sink.success(0L), delayNanos, TimeUnit.NANOSECONDS);
          sink.onCancel(() -> task.cancel(false));
        });
  }
}
