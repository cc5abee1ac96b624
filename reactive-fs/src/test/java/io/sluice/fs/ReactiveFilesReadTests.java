package io.sluice.fs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

class ReactiveFilesReadTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final long HUNDRED_MIB = 100L * 1024 * 1024;
  private static final int CHUNK = ReadOptions.DEFAULT_CHUNK_SIZE;

  @TempDir static Path shared;
  private static Path big;

  @TempDir Path dir;

  @BeforeAll
  static void createAHundredMebibyteFile() throws IOException {
    big = shared.resolve("big.bin");
    try (FileChannel channel =
        FileChannel.open(big, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      // Sparse: a marker at the very end, holes before it.
      channel.write(ByteBuffer.wrap(new byte[] {42}), HUNDRED_MIB - 1);
    }
  }

  private static CountingChannel openCounting(Path path, List<CountingChannel> opened)
      throws IOException {
    CountingChannel channel = new CountingChannel(FileChannel.open(path, StandardOpenOption.READ));
    opened.add(channel);
    return channel;
  }

  @Test
  void readsAtMostOneChunkFromAHundredMebibyteFileForOneRequest() {
    List<CountingChannel> opened = new ArrayList<>();
    Flux<ByteBuffer> read =
        ReactiveFiles.read(() -> openCounting(big, opened), ReadOptions.defaults());
    StepVerifier.create(read, 0)
        .thenRequest(1)
        .assertNext(chunk -> assertThat(chunk.remaining()).isEqualTo(CHUNK))
        .then(
            () -> {
              // chunk size x (1 + prefetch), and reading prefetches nothing.
              assertThat(opened).hasSize(1);
              assertThat(opened.get(0).bytesRead()).isLessThanOrEqualTo(CHUNK * (1 + 0));
              assertThat(opened.get(0).reads()).isEqualTo(1);
            })
        .thenRequest(3)
        .expectNextCount(3)
        .then(() -> assertThat(opened.get(0).bytesRead()).isEqualTo(4L * CHUNK))
        .thenCancel()
        .verify(TIMEOUT);
  }

  @Test
  void readsNothingAheadEvenWhenEveryTaskHasRun() {
    // On the immediate scheduler all the work a request causes is done when request() returns.
    List<CountingChannel> opened = new ArrayList<>();
    Flux<ByteBuffer> read =
        ReactiveFiles.read(
            () -> openCounting(big, opened),
            ReadOptions.defaults().withChunkSize(4096).withScheduler(Schedulers.immediate()));
    StepVerifier.create(read, 0)
        .expectSubscription()
        .then(() -> assertThat(opened).isEmpty())
        .thenRequest(2)
        .expectNextCount(2)
        .then(() -> assertThat(opened.get(0).bytesRead()).isEqualTo(2 * 4096))
        .thenCancel()
        .verify(TIMEOUT);
    assertThat(opened.get(0).isClosed()).isTrue();
  }

  @Test
  void readsTheWholeFileAndClosesIt() throws Exception {
    List<CountingChannel> opened = new ArrayList<>();
    long total =
        ReactiveFiles.read(() -> openCounting(big, opened), ReadOptions.defaults())
            .map(ByteBuffer::remaining)
            .reduce(0L, Long::sum)
            .block(TIMEOUT);
    assertThat(total).isEqualTo(HUNDRED_MIB);
    assertThat(opened.get(0).awaitClosed()).isTrue();
    assertThat(opened.get(0).readThread()).startsWith("boundedElastic-");
  }

  @Test
  void cancellationClosesTheChannel() throws Exception {
    List<CountingChannel> opened = new ArrayList<>();
    StepVerifier.create(
            ReactiveFiles.read(() -> openCounting(big, opened), ReadOptions.defaults()), 0)
        .thenRequest(2)
        .expectNextCount(2)
        .thenCancel()
        .verify(TIMEOUT);
    assertThat(opened.get(0).awaitClosed()).isTrue();
  }

  @Test
  void cancellationLeavesNoDescriptorOnTheFile() throws Exception {
    OpenFiles.assumeAvailable();
    long before = OpenFiles.pointingTo(big);
    StepVerifier.create(ReactiveFiles.read(big), 0)
        .thenRequest(1)
        .expectNextCount(1)
        .then(() -> assertThat(OpenFiles.pointingTo(big)).isEqualTo(before + 1))
        .thenCancel()
        .verify(TIMEOUT);
    // Cancelled from this thread, which may block: the file is closed before cancel() returns.
    assertThat(OpenFiles.pointingTo(big)).isEqualTo(before);
  }

  @Test
  void cancellingFromANonBlockingThreadClosesTheFileOnTheScheduler() throws Exception {
    List<CountingChannel> opened = new ArrayList<>();
    CountDownLatch received = new CountDownLatch(1);
    BaseSubscriber<ByteBuffer> subscriber =
        new BaseSubscriber<>() {
          @Override
          protected void hookOnSubscribe(Subscription subscription) {
            request(1);
          }

          @Override
          protected void hookOnNext(ByteBuffer chunk) {
            received.countDown();
          }
        };
    ReactiveFiles.read(() -> openCounting(big, opened), ReadOptions.defaults())
        .subscribe(subscriber);
    assertThat(received.await(10, TimeUnit.SECONDS)).isTrue();
    Schedulers.parallel().schedule(subscriber::cancel);
    assertThat(opened.get(0).awaitClosed()).isTrue();
    assertThat(opened.get(0).closeThread()).startsWith("boundedElastic-");
  }

  @Test
  void closesTheChannelWhenAReadFails() throws Exception {
    List<CountingChannel> opened = new ArrayList<>();
    Path file = Files.writeString(dir.resolve("f.txt"), "content");
    Flux<ByteBuffer> read =
        ReactiveFiles.read(
            () -> {
              CountingChannel channel = openCounting(file, opened);
              channel.close(); // every read now fails
              return channel;
            },
            ReadOptions.defaults());
    StepVerifier.create(read)
        .expectError(java.nio.channels.ClosedChannelException.class)
        .verify(TIMEOUT);
    assertThat(opened.get(0).isClosed()).isTrue();
  }

  @Test
  void readsARangeInChunksOfTheGivenSize() throws IOException {
    Path file = Files.writeString(dir.resolve("digits.txt"), "0123456789abcdef");
    List<String> chunks =
        ReactiveFiles.read(
                file, ReadOptions.defaults().withOffset(3).withLength(9).withChunkSize(4))
            .map(chunk -> UTF_8.decode(chunk).toString())
            .collectList()
            .block(TIMEOUT);
    assertThat(chunks).containsExactly("3456", "789a", "b");
  }

  @Test
  void readsNothingFromAnOffsetPastTheEnd() throws IOException {
    Path file = Files.writeString(dir.resolve("short.txt"), "abc");
    StepVerifier.create(ReactiveFiles.read(file, ReadOptions.defaults().withOffset(10)))
        .verifyComplete();
    StepVerifier.create(ReactiveFiles.read(Files.createFile(dir.resolve("empty"))))
        .verifyComplete();
  }

  @Test
  void emitsFreshHeapChunksOwnedByTheSubscriber() throws IOException {
    Path file = Files.write(dir.resolve("data.bin"), new byte[10_000]);
    List<ByteBuffer> chunks =
        ReactiveFiles.read(file, ReadOptions.defaults().withChunkSize(1000))
            .collectList()
            .block(TIMEOUT);
    assertThat(chunks).hasSize(10).allMatch(ByteBuffer::hasArray);
    assertThat(chunks.stream().map(ByteBuffer::array).distinct()).hasSize(10);
  }

  @Test
  void readsAgainOnEachSubscription() throws IOException {
    Path file = Files.writeString(dir.resolve("again.txt"), "hello");
    Flux<ByteBuffer> read = ReactiveFiles.read(file);
    assertThat(read.count().block(TIMEOUT)).isEqualTo(1);
    Files.writeString(file, "hello, world", StandardOpenOption.APPEND);
    assertThat(read.map(ByteBuffer::remaining).blockLast(TIMEOUT)).isEqualTo(17);
  }

  @Test
  void failsWithNoSuchFileForAMissingFile() {
    StepVerifier.create(ReactiveFiles.read(dir.resolve("missing.txt")))
        .expectError(NoSuchFileException.class)
        .verify(TIMEOUT);
  }

  @Test
  void failsWithIsDirectoryForADirectory() {
    StepVerifier.create(ReactiveFiles.read(dir))
        .expectErrorSatisfies(
            e ->
                assertThat(e)
                    .isInstanceOf(IsDirectoryException.class)
                    .hasMessageContaining(dir.toString())
                    .hasMessageContaining("is a directory"))
        .verify(TIMEOUT);
  }

  @Test
  void failsWithAccessDeniedForAFileItMayNotRead() throws IOException {
    Path unreadable = PermissionDenied.unreadableFile(dir);
    StepVerifier.create(ReactiveFiles.read(unreadable))
        .expectError(AccessDeniedException.class)
        .verify(TIMEOUT);
  }

  @Test
  void rejectsANegativeChunkSizeOffsetOrLengthWhenTheOptionsAreBuilt() {
    assertThatThrownBy(() -> ReadOptions.defaults().withChunkSize(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("chunkSize must be between 1 and 16777216 bytes, was -1");
    assertThatThrownBy(() -> ReadOptions.defaults().withOffset(-5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("offset must be >= 0, was -5");
    assertThatThrownBy(() -> ReadOptions.defaults().withLength(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("length must be >= 0, was -1");
  }

  @Test
  void readsOnTheBoundedElasticSchedulerWhenRequestedFromAParallelThread() {
    List<CountingChannel> opened = new ArrayList<>();
    Mono<Long> count =
        Mono.just(1)
            .subscribeOn(Schedulers.parallel())
            .flatMapMany(
                one ->
                    ReactiveFiles.read(
                        () -> openCounting(big, opened),
                        ReadOptions.defaults().withLength(10L * CHUNK)))
            .count();
    StepVerifier.create(count).expectNext(10L).verifyComplete();
    assertThat(opened.get(0).readThread()).startsWith("boundedElastic-");
  }
}
