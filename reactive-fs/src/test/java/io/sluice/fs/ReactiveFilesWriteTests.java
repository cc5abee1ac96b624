package io.sluice.fs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import reactor.test.publisher.TestPublisher;

class ReactiveFilesWriteTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  @TempDir Path dir;

  private static Flux<ByteBuffer> chunks(String... parts) {
    return Flux.fromArray(parts).map(part -> ByteBuffer.wrap(part.getBytes(UTF_8)));
  }

  private static WriteOptions mode(WriteMode mode) {
    return WriteOptions.defaults().withMode(mode);
  }

  private List<Path> entries() throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      return list.toList();
    }
  }

  @Test
  void writesChunksAndReportsTheBytesWritten() throws IOException {
    Path target = dir.resolve("out.txt");
    StepVerifier.create(ReactiveFiles.write(chunks("hello, ", "wörld"), target))
        .expectNext(13L)
        .verifyComplete();
    assertThat(Files.readString(target)).isEqualTo("hello, wörld");
  }

  @Test
  void truncatesAnExistingFileByDefault() throws IOException {
    Path target = Files.writeString(dir.resolve("out.txt"), "a much longer old content");
    StepVerifier.create(ReactiveFiles.write(chunks("new"), target)).expectNext(3L).verifyComplete();
    assertThat(Files.readString(target)).isEqualTo("new");
  }

  @Test
  void appendsInAppendMode() throws IOException {
    Path target = Files.writeString(dir.resolve("log.txt"), "one\n");
    StepVerifier.create(ReactiveFiles.write(chunks("two\n"), target, mode(WriteMode.APPEND)))
        .expectNext(4L)
        .verifyComplete();
    assertThat(Files.readString(target)).isEqualTo("one\ntwo\n");
  }

  @Test
  void createNewFailsOnAnExistingFileAndLeavesItAlone() throws IOException {
    Path target = Files.writeString(dir.resolve("keep.txt"), "precious");
    StepVerifier.create(ReactiveFiles.write(chunks("x"), target, mode(WriteMode.CREATE_NEW)))
        .expectError(FileAlreadyExistsException.class)
        .verify(TIMEOUT);
    assertThat(Files.readString(target)).isEqualTo("precious");
  }

  @Test
  void createNewRemovesTheFileItCreatedWhenTheSourceFails() throws IOException {
    Path target = dir.resolve("new.txt");
    Flux<ByteBuffer> failing = chunks("partial").concatWith(Flux.error(new IOException("boom")));
    StepVerifier.create(ReactiveFiles.write(failing, target, mode(WriteMode.CREATE_NEW)))
        .expectErrorMessage("boom")
        .verify(TIMEOUT);
    assertThat(entries()).isEmpty();
  }

  @Test
  void atomicWriteReplacesTheTargetAndLeavesNoTemporaryFile() throws IOException {
    Path target = Files.writeString(dir.resolve("config.json"), "{\"old\":true}");
    StepVerifier.create(
            ReactiveFiles.write(chunks("{\"new\":", "true}"), target, mode(WriteMode.ATOMIC)))
        .expectNext(12L)
        .verifyComplete();
    assertThat(Files.readString(target)).isEqualTo("{\"new\":true}");
    assertThat(entries()).containsExactly(target);
  }

  @Test
  void atomicWriteWithASourceFailingHalfwayLeavesNeitherTargetNorTemporaryFile()
      throws IOException {
    Path target = dir.resolve("report.csv");
    Flux<ByteBuffer> failing =
        chunks("a,b\n", "1,2\n").concatWith(Flux.error(new IllegalStateException("halfway")));
    StepVerifier.create(ReactiveFiles.write(failing, target, mode(WriteMode.ATOMIC)))
        .expectErrorMessage("halfway")
        .verify(TIMEOUT);
    assertThat(entries()).isEmpty();
  }

  @Test
  void atomicWriteWithAFailingSourceLeavesAnExistingTargetUntouched() throws IOException {
    Path target = Files.writeString(dir.resolve("report.csv"), "old content");
    Flux<ByteBuffer> failing = chunks("new").concatWith(Flux.error(new IOException("disk gone")));
    StepVerifier.create(ReactiveFiles.write(failing, target, mode(WriteMode.ATOMIC)))
        .expectErrorMessage("disk gone")
        .verify(TIMEOUT);
    assertThat(Files.readString(target)).isEqualTo("old content");
    assertThat(entries()).containsExactly(target);
  }

  @Test
  void cancelledAtomicWriteLeavesNoTemporaryFile() throws IOException {
    ManualScheduler io = new ManualScheduler();
    Path target = dir.resolve("never.txt");
    TestPublisher<ByteBuffer> source = TestPublisher.create();
    WriteOptions atomic = mode(WriteMode.ATOMIC).withScheduler(io.scheduler());
    StepVerifier.create(ReactiveFiles.write(source, target, atomic))
        .then(io::runNext) // opens the temporary file
        .then(() -> source.next(ByteBuffer.wrap("some".getBytes(UTF_8))))
        .then(io::runNext) // writes to it
        .then(() -> assertThat(tempFiles()).hasSize(1))
        .thenCancel()
        .verify(TIMEOUT);
    io.runAll(); // the abort, queued by the cancel
    assertThat(entries()).isEmpty();
    source.assertCancelled();
  }

  private List<Path> tempFiles() {
    try {
      return entries().stream().filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void requestsTheNextChunkOnlyWhenThePreviousWriteHasFinished() throws IOException {
    ManualScheduler io = new ManualScheduler();
    AtomicLong requested = new AtomicLong();
    Flux<ByteBuffer> source = chunks("a", "b", "c").doOnRequest(requested::addAndGet);
    Path target = dir.resolve("paced.txt");
    StepVerifier.create(
            ReactiveFiles.write(
                source, target, WriteOptions.defaults().withScheduler(io.scheduler())))
        .then(() -> assertThat(requested.get()).isZero()) // the file is not open yet
        .then(io::runNext) // open
        .then(() -> assertThat(requested.get()).isEqualTo(1))
        .then(() -> assertThat(io.pending()).isEqualTo(1)) // the write of "a"
        .then(io::runNext)
        .then(() -> assertThat(requested.get()).isEqualTo(2))
        .then(io::runNext)
        .then(() -> assertThat(requested.get()).isEqualTo(3))
        .then(io::runAll)
        .expectNext(3L)
        .verifyComplete();
    assertThat(Files.readString(target)).isEqualTo("abc");
  }

  @Test
  void writesLinesInBatchesThatReadBackAsTheSameLines() throws IOException {
    Path target = dir.resolve("lines.txt");
    Flux<String> lines = Flux.range(0, 50_000).map(i -> "line " + i + " é");
    Long written = ReactiveFiles.writeLines(lines, target).block(TIMEOUT);
    assertThat(written).isEqualTo(Files.size(target));
    StepVerifier.create(ReactiveFiles.lines(target))
        .expectNext("line 0 é")
        .expectNextCount(49_998)
        .expectNext("line 49999 é")
        .verifyComplete();
  }

  @Test
  void failsWithNoSuchFileWhenTheDirectoryIsMissing() {
    StepVerifier.create(ReactiveFiles.write(chunks("x"), dir.resolve("no/such/dir/file.txt")))
        .expectError(NoSuchFileException.class)
        .verify(TIMEOUT);
  }

  @Test
  void failsWithIsDirectoryWhenTheTargetIsADirectory() {
    for (WriteMode mode : WriteMode.values()) {
      StepVerifier.create(ReactiveFiles.write(chunks("x"), dir, mode(mode)))
          .expectError(IsDirectoryException.class)
          .verify(TIMEOUT);
    }
  }

  @Test
  void failsWithAccessDeniedForAFileItMayNotWrite() throws IOException {
    Path unwritable = PermissionDenied.unwritableFile(dir);
    StepVerifier.create(ReactiveFiles.write(chunks("x"), unwritable))
        .expectError(AccessDeniedException.class)
        .verify(TIMEOUT);
  }
}
