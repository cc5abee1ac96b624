package io.sluice.fs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

class BlockHoundFileIoTests {

  @TempDir Path dir;

  @Test
  void aFileReadOnAParallelThreadIsCaught() throws Exception {
    Path file = Files.writeString(dir.resolve("f.txt"), "x");
    StepVerifier.create(
            Mono.fromCallable(() -> Files.readAllBytes(file)).subscribeOn(Schedulers.parallel()))
        .expectError(BlockingOperationError.class)
        .verify(Duration.ofSeconds(10));
  }

  @Test
  void reactiveFilesCalledFromAParallelThreadDoesNotBlockIt() throws Exception {
    Path file = Files.writeString(dir.resolve("f.txt"), "line\n".repeat(10_000));
    StepVerifier.create(
            Mono.just(file)
                .subscribeOn(Schedulers.parallel())
                .flatMapMany(ReactiveFiles::lines)
                .publishOn(Schedulers.parallel())
                .take(5000))
        .expectNextCount(5000)
        .verifyComplete();
  }
}
