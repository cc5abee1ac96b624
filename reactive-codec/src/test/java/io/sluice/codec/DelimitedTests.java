package io.sluice.codec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class DelimitedTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static List<String> frames(Flux<ByteBuffer> chunks, String delimiter, int max) {
    return chunks
        .transform(Delimited.decoder(delimiter.getBytes(UTF_8), max))
        .map(Chunks::text)
        .collectList()
        .block(TIMEOUT);
  }

  @Test
  void splitsAtAMultiByteDelimiterSplitAtEveryBoundary() {
    byte[] bytes = "alpha<>beta<><>gamma<>".getBytes(UTF_8);
    for (int cut = 0; cut <= bytes.length; cut++) {
      for (int second = cut; second <= bytes.length; second++) {
        assertThat(frames(Chunks.cut(bytes, cut, second), "<>", 100))
            .as("cuts at %d, %d", cut, second)
            .containsExactly("alpha", "beta", "", "gamma");
      }
    }
  }

  @Test
  void findsSelfOverlappingDelimiters() {
    byte[] bytes = "xaaabyaabz".getBytes(UTF_8);
    for (int size = 1; size <= bytes.length; size++) {
      assertThat(frames(Chunks.of(bytes, size), "aab", 100)).containsExactly("xa", "y", "z");
    }
  }

  @Test
  void emitsTrailingBytesAsTheLastFrame() {
    assertThat(frames(Chunks.cut("a|b|c".getBytes(UTF_8), 2), "|", 10))
        .containsExactly("a", "b", "c");
    assertThat(frames(Chunks.cut("a||".getBytes(UTF_8)), "||", 10)).containsExactly("a");
    assertThat(frames(Chunks.cut("a|".getBytes(UTF_8)), "||", 10)).containsExactly("a|");
  }

  @Test
  void failsWithTheFrameNumberWhenAFrameIsTooLong() {
    StepVerifier.create(
            Chunks.of("ok|toolong|x".getBytes(UTF_8), 3)
                .transform(Delimited.decoder(new byte[] {'|'}, 5))
                .map(Chunks::text))
        .expectNext("ok")
        .expectErrorSatisfies(
            e ->
                assertThat(e)
                    .isInstanceOfSatisfying(
                        FrameTooLongException.class,
                        tooLong -> {
                          assertThat(tooLong.frameNumber()).isEqualTo(2);
                          assertThat(tooLong.byteOffset()).isEqualTo(3);
                          assertThat(tooLong.maxFrameLength()).isEqualTo(5);
                          assertThat(tooLong.frameLength()).isEqualTo(-1);
                        }))
        .verify(TIMEOUT);
  }

  @Test
  void emitsFreshBuffersOwnedByTheSubscriber() {
    byte[] input = "ab|cd|".getBytes(UTF_8);
    List<ByteBuffer> frames =
        Flux.just(ByteBuffer.wrap(input))
            .transform(Delimited.decoder(new byte[] {'|'}, 10))
            .collectList()
            .block(TIMEOUT);
    input[0] = 'X';
    assertThat(frames).extracting(Chunks::text).containsExactly("ab", "cd");
  }

  @Test
  void encodesFramesFollowedByTheDelimiterAndRoundTrips() {
    byte[] delimiter = {0, 0};
    Flux<ByteBuffer> encoded =
        Flux.just("one", "two", "")
            .map(s -> ByteBuffer.wrap(s.getBytes(UTF_8)))
            .transform(Delimited.encoder(delimiter));
    List<ByteBuffer> chunks = encoded.collectList().block(TIMEOUT);
    assertThat(Chunks.concat(chunks))
        .containsExactly('o', 'n', 'e', 0, 0, 't', 'w', 'o', 0, 0, 0, 0);
    assertThat(frames(Chunks.of(Chunks.concat(chunks), 1), "\0\0", 10))
        .containsExactly("one", "two", "");
  }

  @Test
  void rejectsAnEmptyDelimiterAndANegativeLimit() {
    assertThatThrownBy(() -> Delimited.decoder(new byte[0], 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("delimiter");
    assertThatThrownBy(() -> Delimited.decoder(new byte[] {1}, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxFrameLength must be >= 0, was -1");
  }
}
