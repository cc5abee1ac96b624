package io.sluice.fs.internal;

import io.sluice.fs.FileChange;
import io.sluice.fs.WatchMode;
import io.sluice.fs.WatchOptions;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.Locale;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/** Builds the Flux behind {@code ReactiveFiles.watch}. */
public final class DirectoryWatch {

  private DirectoryWatch() {}

  /**
   * Watches a directory natively or by polling.
   *
   * @param directory the directory
   * @param options recursion, mode, interval and schedulers
   * @return the changes
   */
  public static Flux<FileChange> watch(Path directory, WatchOptions options) {
    boolean recursive = options.recursive();
    Scheduler io = options.scheduler();
    if (usesNative(directory, options.mode())) {
      return new BlockingSourcePublisher<>(() -> NativeWatchSource.open(directory, recursive), io);
    }
    Scheduler timer = options.timer();
    // The polling watcher holds no open resource, only the last listing.
    return BlockingIo.call(io, () -> PollingWatcher.open(directory, recursive))
        .flatMapMany(
            watcher ->
                Mono.delay(options.pollInterval(), timer)
                    .then(BlockingIo.call(io, watcher::poll))
                    .repeat(() -> !watcher.rootGone())
                    .concatMapIterable(changes -> changes, 1));
  }

  private static boolean usesNative(Path directory, WatchMode mode) {
    return switch (mode) {
      case NATIVE -> true;
      case POLLING -> false;
      case AUTO ->
          directory.getFileSystem() == FileSystems.getDefault()
              && !System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("mac");
    };
  }
}
