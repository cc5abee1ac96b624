package io.sluice.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.codec.LineOptions;
import io.sluice.codec.LineTooLongException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.test.StepVerifier;

class ReactiveFilesTailTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final Duration POLL = Duration.ofSeconds(1);

  @TempDir Path dir;

  private static TailOptions every(Duration interval) {
    return TailOptions.defaults().withPollInterval(interval);
  }

  private static void append(Path file, String text) {
    try {
      Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static void replace(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static void move(Path from, Path to) {
    try {
      Files.move(from, to);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void emitsLinesAppendedAfterTheStartAtEachPoll() throws IOException {
    Path log = Files.writeString(dir.resolve("app.log"), "before\n");
    StepVerifier.withVirtualTime(() -> ReactiveFiles.tail(log, every(POLL)))
        .expectSubscription()
        .expectNoEvent(POLL)
        .then(() -> append(log, "one\ntwo\n"))
        .thenAwait(POLL)
        .expectNext("one", "two")
        .then(() -> append(log, "thr"))
        .thenAwait(POLL)
        .expectNoEvent(POLL) // a partial line waits for its end
        .then(() -> append(log, "ee\n"))
        .thenAwait(POLL)
        .expectNext("three")
        .thenCancel()
        .verify(TIMEOUT);
  }

  @Test
  void startsAtTheBeginningOrAtAnOffset() throws IOException {
    Path log = Files.writeString(dir.resolve("app.log"), "first\nsecond\n");
    StepVerifier.withVirtualTime(() -> ReactiveFiles.tail(log, every(POLL).withStartAtBeginning()))
        .expectNext("first", "second")
        .then(() -> append(log, "third\n"))
        .thenAwait(POLL)
        .expectNext("third")
        .thenCancel()
        .verify(TIMEOUT);
    StepVerifier.withVirtualTime(() -> ReactiveFiles.tail(log, every(POLL).withStartAtOffset(6)))
        .expectNext("second", "third")
        .thenCancel()
        .verify(TIMEOUT);
  }

  @Test
  void restartsFromTheBeginningWhenTheFileIsTruncated() throws IOException {
    Path log = Files.writeString(dir.resolve("app.log"), "a long first line\n");
    StepVerifier.withVirtualTime(() -> ReactiveFiles.tail(log, every(POLL).withStartAtBeginning()))
        .expectNext("a long first line")
        .then(() -> replace(log, "new\n")) // truncated, then written: shorter than before
        .thenAwait(POLL)
        .expectNext("new")
        .then(() -> append(log, "more\n"))
        .thenAwait(POLL)
        .expectNext("more")
        .thenCancel()
        .verify(TIMEOUT);
  }

  @Test
  void finishesTheRotatedFileThenFollowsTheNewOne() throws IOException {
    Path log = Files.writeString(dir.resolve("app.log"), "");
    Path rotated = dir.resolve("app.log.1");
    StepVerifier.withVirtualTime(() -> ReactiveFiles.tail(log, every(POLL)))
        .expectSubscription()
        .then(() -> append(log, "old one\n"))
        .thenAwait(POLL)
        .expectNext("old one")
        .then(
            () -> {
              append(log, "old two\nold partial");
              move(log, rotated);
              append(rotated, " ends\n"); // still written through its old name... and its new
              append(log, "new one\n");
            })
        .thenAwait(POLL)
        .expectNext("old two", "old partial ends", "new one")
        .then(() -> append(log, "new two\n"))
        .thenAwait(POLL)
        .expectNext("new two")
        .thenCancel()
        .verify(TIMEOUT);
  }

  @Test
  void emitsTheUnterminatedLastLineOfARotatedFile() throws IOException {
    Path log = Files.writeString(dir.resolve("app.log"), "");
    StepVerifier.withVirtualTime(() -> ReactiveFiles.tail(log, every(POLL)))
        .expectSubscription()
        .then(() -> append(log, "no newline at the end"))
        .thenAwait(POLL)
        .then(
            () -> {
              move(log, dir.resolve("app.log.1"));
              append(log, "fresh\n");
            })
        .thenAwait(POLL)
        .expectNext("no newline at the end", "fresh")
        .thenCancel()
        .verify(TIMEOUT);
  }

  @Test
  void waitsForAFileThatDoesNotExistYet() {
    Path log = dir.resolve("later.log");
    StepVerifier.withVirtualTime(() -> ReactiveFiles.tail(log, every(POLL)))
        .expectSubscription()
        .thenAwait(POLL.multipliedBy(3))
        .then(() -> append(log, "appeared\n"))
        .thenAwait(POLL)
        .expectNext("appeared")
        .thenCancel()
        .verify(TIMEOUT);
  }

  @Test
  void catchesUpWithoutWaitingWhileDataKeepsComing() throws IOException {
    Path log = Files.writeString(dir.resolve("big.log"), "");
    StepVerifier.withVirtualTime(
            () -> ReactiveFiles.tail(log, every(POLL).withStartAtBeginning().withChunkSize(16)))
        .expectSubscription()
        .then(() -> append(log, "0123456789\n".repeat(100)))
        .thenAwait(POLL)
        // 1100 bytes at 16 bytes per read take many polls of 16 reads: no wait in between.
        .expectNextCount(100)
        .thenCancel()
        .verify(TIMEOUT);
  }

  @Test
  void cancellationClosesTheFile() throws Exception {
    OpenFiles.assumeAvailable();
    Path log = Files.writeString(dir.resolve("app.log"), "x\n");
    StepVerifier.create(
            ReactiveFiles.tail(log, every(Duration.ofMillis(10)).withStartAtBeginning()))
        .expectNext("x")
        .then(() -> assertThat(OpenFiles.pointingTo(log)).isEqualTo(1))
        .thenCancel()
        .verify(TIMEOUT);
    // The close runs on the I/O scheduler after the cancel: wait for it.
    Await.until("the followed file to be closed", () -> OpenFiles.pointingTo(log) == 0);
  }

  @Test
  void failsAtOnceForADirectory() {
    StepVerifier.create(ReactiveFiles.tail(dir))
        .expectError(IsDirectoryException.class)
        .verify(TIMEOUT);
  }

  @Test
  void failsOnAnOverLongLine() throws IOException {
    Path log = Files.writeString(dir.resolve("app.log"), "");
    StepVerifier.withVirtualTime(
            () ->
                ReactiveFiles.tail(
                    log, every(POLL).withLineOptions(LineOptions.defaults().withMaxLineLength(10))))
        .expectSubscription()
        .then(() -> append(log, "short\nthis is far too long\n"))
        .thenAwait(POLL)
        .expectNext("short")
        .expectError(LineTooLongException.class)
        .verify(TIMEOUT);
  }

  @Test
  void rejectsInvalidOptions() {
    assertThatThrownBy(() -> TailOptions.defaults().withPollInterval(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pollInterval must be >= 1ms, was PT0S");
    assertThatThrownBy(() -> TailOptions.defaults().withStartAtOffset(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("offset must be >= 0, was -1");
  }

  @Test
  void readsTruncationEvenWhenTheFileIsWrittenThroughAnotherChannel() throws IOException {
    Path log = Files.writeString(dir.resolve("copytruncate.log"), "one\ntwo\n");
    StepVerifier.withVirtualTime(() -> ReactiveFiles.tail(log, every(POLL).withStartAtBeginning()))
        .expectNext("one", "two")
        .then(
            () -> {
              try (FileChannel channel = FileChannel.open(log, StandardOpenOption.WRITE)) {
                channel.truncate(0);
              } catch (IOException e) {
                throw new AssertionError(e);
              }
              append(log, "3\n");
            })
        .thenAwait(POLL)
        .expectNext("3")
        .thenCancel()
        .verify(TIMEOUT);
  }
}
