package io.sluice.fs.internal;

import io.sluice.fs.TailOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/** Builds the Flux behind {@code ReactiveFiles.tail}. */
public final class FileTail {

  private FileTail() {}

  /**
   * Follows a file: polls on the I/O scheduler, waits the poll interval on the timer once caught
   * up, and closes the file on completion, error and cancel.
   *
   * @param path the file
   * @param options start, interval, line options and schedulers
   * @return the lines
   */
  public static Flux<String> follow(Path path, TailOptions options) {
    Scheduler io = options.scheduler();
    Scheduler timer = options.timer();
    Duration interval = options.pollInterval();
    return Flux.usingWhen(
        BlockingIo.call(io, () -> FileFollower.open(path, options)),
        follower ->
            BlockingIo.<List<String>>call(io, follower::poll)
                .repeatWhen(
                    polls ->
                        polls.concatMap(
                            poll ->
                                follower.caughtUp()
                                    ? Mono.delay(interval, timer)
                                    : Mono.just(poll)))
                .concatMapIterable(lines -> lines, 1),
        follower -> BlockingIo.run(io, follower::close),
        (follower, error) -> BlockingIo.run(io, follower::close),
        follower -> BlockingIo.run(io, follower::close));
  }
}
