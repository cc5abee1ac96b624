package io.sluice.codec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class LengthPrefixedTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static byte[] encode(LengthPrefixOptions options, String... frames) {
    return Chunks.concat(
        Flux.fromArray(frames)
            .map(s -> ByteBuffer.wrap(s.getBytes(UTF_8)))
            .transform(LengthPrefixed.encoder(options))
            .collectList()
            .block(TIMEOUT));
  }

  private static List<String> decode(Flux<ByteBuffer> chunks, LengthPrefixOptions options) {
    return chunks
        .transform(LengthPrefixed.decoder(options))
        .map(Chunks::text)
        .collectList()
        .block(TIMEOUT);
  }

  @Test
  void writesABigEndianFourByteLengthByDefault() {
    assertThat(encode(LengthPrefixOptions.defaults(), "hi", ""))
        .containsExactly(0, 0, 0, 2, 'h', 'i', 0, 0, 0, 0);
  }

  @Test
  void roundTripsEveryPrefixSizeAndByteOrderSplitAtEveryBoundary() {
    for (int prefix : new int[] {1, 2, 4, 8}) {
      for (ByteOrder order : List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN)) {
        LengthPrefixOptions options =
            LengthPrefixOptions.defaults().withPrefixLength(prefix).withByteOrder(order);
        byte[] bytes = encode(options, "first", "", "third frame");
        for (int cut = 0; cut <= bytes.length; cut++) {
          assertThat(decode(Chunks.cut(bytes, cut), options))
              .as("prefix %d %s cut at %d", prefix, order, cut)
              .containsExactly("first", "", "third frame");
        }
        assertThat(decode(Chunks.of(bytes, 1), options)).hasSize(3);
      }
    }
  }

  @Test
  void failsOnADeclaredLengthAboveTheLimitWithoutReadingThePayload() {
    AtomicLong requested = new AtomicLong();
    byte[] header = {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};
    Flux<ByteBuffer> source =
        Flux.just(ByteBuffer.wrap(header)).concatWith(Chunks.endless(new byte[4096], requested));
    StepVerifier.create(
            source.transform(
                LengthPrefixed.decoder(LengthPrefixOptions.defaults().withMaxFrameLength(1000))))
        .expectErrorSatisfies(
            e ->
                assertThat(e)
                    .isInstanceOfSatisfying(
                        FrameTooLongException.class,
                        tooLong -> {
                          assertThat(tooLong.frameLength()).isEqualTo(Integer.MAX_VALUE);
                          assertThat(tooLong.frameNumber()).isEqualTo(1);
                        }))
        .verify(TIMEOUT);
    assertThat(requested.get()).isLessThanOrEqualTo(1);
  }

  @Test
  void capsTheLimitAtWhatThePrefixCanExpress() {
    LengthPrefixOptions oneByte = LengthPrefixOptions.defaults().withPrefixLength(1);
    assertThat(oneByte.effectiveMaxFrameLength()).isEqualTo(255);
    StepVerifier.create(
            Flux.just(ByteBuffer.allocate(256)).transform(LengthPrefixed.encoder(oneByte)))
        .expectError(FrameTooLongException.class)
        .verify(TIMEOUT);
  }

  @Test
  void rejectsANegativeEightByteLength() {
    LengthPrefixOptions eight = LengthPrefixOptions.defaults().withPrefixLength(8);
    byte[] bytes = {(byte) 0xff, 0, 0, 0, 0, 0, 0, 1, 'x'};
    StepVerifier.create(Chunks.cut(bytes).transform(LengthPrefixed.decoder(eight)))
        .expectError(FrameTooLongException.class)
        .verify(TIMEOUT);
  }

  @Test
  void failsWithEofWhenTheInputEndsInsideAFrame() {
    byte[] bytes = encode(LengthPrefixOptions.defaults(), "complete", "cut");
    byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 1);
    StepVerifier.create(
            Chunks.cut(truncated, 5).transform(LengthPrefixed.decoder()).map(Chunks::text))
        .expectNext("complete")
        .expectErrorSatisfies(
            e ->
                assertThat(e)
                    .isInstanceOf(EOFException.class)
                    .hasMessageContaining("frame 2")
                    .hasMessageContaining("2 of 3"))
        .verify(TIMEOUT);
    StepVerifier.create(Chunks.cut(new byte[] {0, 0}).transform(LengthPrefixed.decoder()))
        .expectErrorMatches(e -> e instanceof EOFException && e.getMessage().contains("prefix"))
        .verify(TIMEOUT);
  }

  @Test
  void rejectsInvalidOptions() {
    assertThatThrownBy(() -> LengthPrefixOptions.defaults().withPrefixLength(3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("prefixLength must be 1, 2, 4 or 8 bytes, was 3");
    assertThatThrownBy(() -> LengthPrefixOptions.defaults().withMaxFrameLength(-5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxFrameLength must be >= 0, was -5");
  }
}
