package io.sluice.net.http.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class SseLineSplitterTests {

  private static ByteBuffer utf8(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
  }

  private static Flux<String> split(int max, String... chunks) {
    return SseLineSplitter.split(
        Flux.fromArray(chunks).map(SseLineSplitterTests::utf8),
        max,
        seen -> new IllegalStateException("too long: " + seen));
  }

  @Test
  void linesSpanningChunksAreJoinedAndEveryTerminatorIsUnderstood() {
    StepVerifier.create(split(100, "ab", "c\nd\r", "\ne\rf", "\r\n\ng"))
        .expectNext("abc", "d", "e", "f", "", "g")
        .verifyComplete();
  }

  @Test
  void multiByteCharactersSplitAcrossChunksAreDecoded() {
    byte[] bytes = "é€\n".getBytes(StandardCharsets.UTF_8);
    Flux<ByteBuffer> chunks =
        Flux.range(0, bytes.length).map(i -> ByteBuffer.wrap(bytes, i, 1).slice());
    StepVerifier.create(
            SseLineSplitter.split(chunks, 10, seen -> new IllegalStateException("too long")))
        .expectNext("é€")
        .verifyComplete();
  }

  @Test
  void aLineOverTheMaximumFailsAfterTheLinesBeforeIt() {
    StepVerifier.create(split(3, "abc\nabcd\n"))
        .expectNext("abc")
        .expectErrorMessage("too long: 4")
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void chunksAreRequestedOnlyAsLinesAreRequested() {
    AtomicInteger requested = new AtomicInteger();
    Flux<ByteBuffer> endless =
        Flux.<ByteBuffer>generate(sink -> sink.next(utf8("one line\n")))
            .doOnRequest(n -> requested.addAndGet((int) Math.min(n, 1_000_000)));

    StepVerifier.create(
            SseLineSplitter.split(endless, 100, seen -> new IllegalStateException("too long")), 0)
        .thenRequest(3)
        .expectNextCount(3)
        .thenCancel()
        .verify(Duration.ofSeconds(5));
    assertThat(requested.get()).isLessThanOrEqualTo(4);
  }
}
