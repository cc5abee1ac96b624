package io.sluice.fs;

import static io.sluice.fs.FileChange.Kind.CREATED;
import static io.sluice.fs.FileChange.Kind.DELETED;
import static io.sluice.fs.FileChange.Kind.MODIFIED;
import static io.sluice.fs.FileChange.Kind.OVERFLOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.test.StepVerifier;

class ReactiveFilesWatchTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final Duration POLL = Duration.ofSeconds(1);
  private static final WatchOptions NATIVE = WatchOptions.defaults().withMode(WatchMode.NATIVE);
  private static final WatchOptions POLLING =
      WatchOptions.defaults().withMode(WatchMode.POLLING).withPollInterval(POLL);

  @TempDir Path dir;

  @Test
  void reportsCreatedModifiedAndDeletedFiles() throws Exception {
    Watching watching = Watching.start(ReactiveFiles.watch(dir), dir);
    try {
      Path file = dir.resolve("a.txt");
      Files.createFile(file);
      watching.await(CREATED, file);
      Watching.write(file, "content");
      watching.await(MODIFIED, file);
      Files.delete(file);
      watching.await(DELETED, file);
    } finally {
      watching.dispose();
    }
  }

  @Test
  void watchesSubdirectoriesCreatedWhileWatchingWhenRecursive() throws Exception {
    Path existing = Files.createDirectory(dir.resolve("existing"));
    Watching watching =
        Watching.start(ReactiveFiles.watch(dir, NATIVE.withRecursive(true)), existing);
    try {
      Path sub = Files.createDirectory(dir.resolve("sub"));
      watching.await(CREATED, sub);
      Path inner = sub.resolve("inner.txt");
      Files.createFile(inner);
      watching.await(CREATED, inner);
      Watching.write(inner, "x");
      watching.await(MODIFIED, inner);
      // A tree made at once: what exists when it is registered is reported as created.
      Path deep = Files.createDirectories(dir.resolve("a/b/c"));
      Path deepFile = Files.createFile(deep.resolve("deep.txt"));
      watching.await(CREATED, deepFile);
      Files.delete(deepFile);
      watching.await(DELETED, deepFile);
    } finally {
      watching.dispose();
    }
  }

  @Test
  void ignoresSubdirectoryContentWhenNotRecursive() throws Exception {
    Path sub = Files.createDirectory(dir.resolve("sub"));
    Watching watching = Watching.start(ReactiveFiles.watch(dir, NATIVE), dir);
    try {
      Files.createFile(sub.resolve("unseen.txt"));
      Path marker = Files.createFile(dir.resolve("marker"));
      List<FileChange> before = new ArrayList<>();
      watching.await(
          change -> {
            before.add(change);
            return change.path().equals(marker);
          },
          "the marker");
      assertThat(before).noneMatch(change -> change.path().startsWith(sub));
    } finally {
      watching.dispose();
    }
  }

  @Test
  void reportsAnOverflowWhenEventsPileUpWithoutDemand() throws Exception {
    Watching watching = Watching.start(ReactiveFiles.watch(dir, NATIVE), dir, 1);
    try {
      // No demand now: the JDK keeps at most 512 events per directory, then records an overflow.
      for (int i = 0; i < 700; i++) {
        Files.createFile(dir.resolve("file-" + i));
      }
      watching.request(Long.MAX_VALUE);
      FileChange overflow = watching.await(change -> change.kind() == OVERFLOW, "an overflow");
      assertThat(overflow.path()).isEqualTo(dir);
    } finally {
      watching.dispose();
    }
  }

  @Test
  void cancellationClosesTheWatchService() throws Exception {
    OpenFiles.assumeAvailable();
    long before = OpenFiles.inotifyInstances();
    Watching watching = Watching.start(ReactiveFiles.watch(dir, NATIVE), dir);
    assertThat(OpenFiles.inotifyInstances()).isEqualTo(before + 1);
    watching.dispose();
    Await.until("the inotify instance to be closed", () -> OpenFiles.inotifyInstances() == before);
  }

  @Test
  void completesWhenTheWatchedDirectoryIsDeleted() throws Exception {
    Path watched = Files.createDirectory(dir.resolve("watched"));
    Watching watching = Watching.start(ReactiveFiles.watch(watched, NATIVE), watched);
    try (var entries = Files.list(watched)) {
      for (Path entry : entries.toList()) {
        Files.delete(entry);
      }
    }
    Files.delete(watched);
    watching.awaitComplete();
  }

  @Test
  void failsForAMissingDirectoryOrAFile() throws IOException {
    Path file = Files.createFile(dir.resolve("file.txt"));
    for (WatchOptions options : List.of(NATIVE, POLLING)) {
      StepVerifier.create(ReactiveFiles.watch(dir.resolve("missing"), options))
          .expectError(NoSuchFileException.class)
          .verify(TIMEOUT);
      StepVerifier.create(ReactiveFiles.watch(file, options))
          .expectError(NotDirectoryException.class)
          .verify(TIMEOUT);
    }
  }

  @Test
  void pollingReportsCreatedModifiedAndDeletedFilesAtEachInterval() {
    Path file = dir.resolve("polled.txt");
    StepVerifier.withVirtualTime(() -> ReactiveFiles.watch(dir, POLLING))
        .expectSubscription()
        .then(() -> Watching.write(file, "one"))
        .expectNoEvent(POLL.minusMillis(1))
        .thenAwait(Duration.ofMillis(1))
        .expectNext(new FileChange(CREATED, file))
        .then(() -> Watching.write(file, "longer content"))
        .thenAwait(POLL)
        .expectNext(new FileChange(MODIFIED, file))
        .then(() -> delete(file))
        .thenAwait(POLL)
        .expectNext(new FileChange(DELETED, file))
        .thenCancel()
        .verify(TIMEOUT);
  }

  @Test
  void pollingWatchesSubdirectoriesWhenRecursive() throws IOException {
    Path sub = dir.resolve("sub");
    StepVerifier.withVirtualTime(() -> ReactiveFiles.watch(dir, POLLING.withRecursive(true)))
        .expectSubscription()
        .then(() -> createWithFile(sub))
        .thenAwait(POLL)
        .expectNext(new FileChange(CREATED, sub), new FileChange(CREATED, sub.resolve("x.txt")))
        .then(() -> Watching.write(sub.resolve("x.txt"), "changed!"))
        .thenAwait(POLL)
        .expectNext(new FileChange(MODIFIED, sub.resolve("x.txt")))
        .thenCancel()
        .verify(TIMEOUT);
  }

  @Test
  void pollingCompletesWhenTheWatchedDirectoryIsDeleted() throws IOException {
    Path watched = Files.createDirectory(dir.resolve("watched"));
    StepVerifier.withVirtualTime(() -> ReactiveFiles.watch(watched, POLLING))
        .expectSubscription()
        .then(() -> delete(watched))
        .thenAwait(POLL)
        .verifyComplete();
  }

  @Test
  void rejectsAPollIntervalBelowOneMillisecond() {
    assertThatThrownBy(() -> WatchOptions.defaults().withPollInterval(Duration.ofNanos(10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pollInterval must be >= 1ms");
  }

  private static void createWithFile(Path directory) {
    try {
      Files.createDirectory(directory);
      Files.writeString(directory.resolve("x.txt"), "x");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static void delete(Path path) {
    try {
      Files.delete(path);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
