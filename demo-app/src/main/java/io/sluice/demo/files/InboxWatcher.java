package io.sluice.demo.files;

import io.sluice.fs.FileChange;
import io.sluice.fs.ReactiveFiles;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Watches the inbox ({@link ReactiveFiles#watch(Path)}) and imports every file that appears in it,
 * plus the files already there at start.
 *
 * <p>A file is imported once its size has stayed the same for {@code settle} (default 500 ms), so a
 * file still being copied in is not read half-written; better still, write it elsewhere (or as a
 * hidden {@code .name} or {@code name.part} file, which are ignored) and rename it into the inbox.
 * When the watch overflows, the inbox is listed again; it is also listed {@link #FIRST_RELIST}
 * after start (a file that arrived before the watch was registered gave no event) and every {@link
 * #RELIST_PERIOD} (a file whose import could not begin, say while the database was down, is tried
 * again). Files already imported move out of the inbox; the checksum keeps a file that comes back
 * from being imported twice.
 */
public final class InboxWatcher {

  /** The default time a file's size must stay the same before it is imported, 500 ms. */
  public static final Duration DEFAULT_SETTLE = Duration.ofMillis(500);

  /**
   * When the inbox is listed again after start, 1 s: the watch is registered shortly after it
   * starts, and a file that arrived before that gave no event.
   */
  static final Duration FIRST_RELIST = Duration.ofSeconds(1);

  /** How often the inbox is listed again afterwards, 30 s, in case an event was lost. */
  static final Duration RELIST_PERIOD = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(InboxWatcher.class);

  private final Disposable watching;

  private InboxWatcher(Disposable watching) {
    this.watching = watching;
  }

  /**
   * Starts watching.
   *
   * @param inbox the inbox directory, which must exist
   * @param importer imports the files
   * @param settle how long a file's size must stay the same before it is imported
   * @return the watcher; {@link #stop()} it
   */
  public static InboxWatcher start(Path inbox, Importer importer, Duration settle) {
    Objects.requireNonNull(inbox, "inbox");
    Objects.requireNonNull(importer, "importer");
    Objects.requireNonNull(settle, "settle");
    Flux<Path> changed =
        ReactiveFiles.watch(inbox)
            .concatMap(
                change ->
                    change.kind() == FileChange.Kind.OVERFLOW
                        ? ReactiveFiles.list(inbox)
                        : change.kind() == FileChange.Kind.DELETED
                            ? Flux.empty()
                            : Flux.just(change.path()));
    Flux<Path> relisted =
        Flux.interval(FIRST_RELIST, RELIST_PERIOD).concatMap(tick -> ReactiveFiles.list(inbox));
    Flux<Path> candidates = Flux.merge(changed, ReactiveFiles.list(inbox), relisted);
    Disposable watching =
        candidates
            .filter(InboxWatcher::looksFinished)
            .flatMap(path -> settled(path, settle), 16)
            .flatMap(
                path ->
                    importer
                        .begin(path)
                        .doOnNext(
                            claim ->
                                LOG.info(
                                    "{} {} from the inbox as import {}",
                                    claim.duplicate() ? "Skipped" : "Importing",
                                    path.getFileName(),
                                    claim.status().id()))
                        .onErrorResume(error -> Mono.empty()),
                4)
            .retryWhen(
                Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1))
                    .maxBackoff(Duration.ofSeconds(30)))
            .subscribe(
                path -> {},
                error -> LOG.error("The inbox watcher stopped", error),
                () -> LOG.warn("The inbox {} is gone; no longer watching it", inbox));
    return new InboxWatcher(watching);
  }

  /**
   * Stops watching; imports already begun go on.
   *
   * @return completes at once
   */
  public Mono<Void> stop() {
    return Mono.fromRunnable(watching::dispose);
  }

  private static boolean looksFinished(Path path) {
    String name = String.valueOf(path.getFileName());
    return !name.startsWith(".") && !name.endsWith(".part") && !name.endsWith(".tmp");
  }

  private static Mono<Path> settled(Path path, Duration settle) {
    return ReactiveFiles.attributes(path, LinkOption.NOFOLLOW_LINKS)
        .filter(attributes -> attributes.isRegularFile())
        .flatMap(
            before ->
                Mono.delay(settle)
                    .then(ReactiveFiles.attributes(path, LinkOption.NOFOLLOW_LINKS))
                    .filter(
                        after ->
                            after.size() == before.size()
                                && after.lastModifiedTime().equals(before.lastModifiedTime())))
        .map(attributes -> path)
        .onErrorResume(error -> Mono.empty());
  }
}
