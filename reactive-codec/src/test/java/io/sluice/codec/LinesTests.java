package io.sluice.codec;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_16BE;
import static java.nio.charset.StandardCharsets.UTF_16LE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class LinesTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static List<String> decode(Flux<ByteBuffer> chunks, LineOptions options) {
    return chunks.transform(Lines.decoder(options)).collectList().block(TIMEOUT);
  }

  private static List<String> decode(Flux<ByteBuffer> chunks) {
    return decode(chunks, LineOptions.defaults());
  }

  @Test
  void splitsAtLineFeedsAndDropsTheCarriageReturnOfCrlf() {
    byte[] bytes = "one\ntwo\r\nthree\n".getBytes(UTF_8);
    assertThat(decode(Chunks.cut(bytes))).containsExactly("one", "two", "three");
  }

  @Test
  void keepsALoneCarriageReturnInsideTheLine() {
    assertThat(decode(Chunks.cut("a\rb\nc\r".getBytes(UTF_8)))).containsExactly("a\rb", "c\r");
  }

  @Test
  void emitsEmptyLinesAndALastLineWithoutTerminator() {
    assertThat(decode(Chunks.cut("a\n\nb".getBytes(UTF_8)))).containsExactly("a", "", "b");
    assertThat(decode(Chunks.cut("a\n".getBytes(UTF_8)))).containsExactly("a");
    assertThat(decode(Chunks.cut("\n".getBytes(UTF_8)))).containsExactly("");
    assertThat(decode(Flux.empty())).isEmpty();
  }

  @Test
  void decodesUtf8WithTwoThreeAndFourByteCharactersSplitAtEveryByteBoundary() {
    String text = "é ü\r\n€ 中文\n😀 𝄞 a\nfin";
    List<String> expected = List.of("é ü", "€ 中文", "😀 𝄞 a", "fin");
    byte[] bytes = text.getBytes(UTF_8);
    for (int cut = 0; cut <= bytes.length; cut++) {
      assertThat(decode(Chunks.cut(bytes, cut))).as("cut at %d", cut).isEqualTo(expected);
      for (int second = cut; second <= bytes.length; second++) {
        assertThat(decode(Chunks.cut(bytes, cut, second)))
            .as("cuts at %d and %d", cut, second)
            .isEqualTo(expected);
      }
    }
    assertThat(decode(Chunks.of(bytes, 1))).isEqualTo(expected);
  }

  @Test
  void decodesEveryFourByteCharacterSplitInsideItself() {
    StringBuilder text = new StringBuilder();
    for (int codePoint = 0x1F600; codePoint < 0x1F650; codePoint++) {
      text.appendCodePoint(codePoint).append('\n');
    }
    byte[] bytes = text.toString().getBytes(UTF_8);
    for (int size = 1; size <= 9; size++) {
      assertThat(String.join("\n", decode(Chunks.of(bytes, size))) + "\n")
          .as("chunks of %d bytes", size)
          .isEqualTo(text.toString());
    }
  }

  @Test
  void skipsAUtf8ByteOrderMarkEvenWhenItIsSplit() {
    byte[] bytes = "\uFEFFfirst\nsecond".getBytes(UTF_8);
    for (int cut = 0; cut <= 4; cut++) {
      assertThat(decode(Chunks.cut(bytes, cut))).containsExactly("first", "second");
    }
    assertThat(decode(Chunks.of(bytes, 1))).containsExactly("first", "second");
  }

  @Test
  void keepsTheByteOrderMarkWhenSkippingIsOff() {
    byte[] bytes = "\uFEFFfirst\n".getBytes(UTF_8);
    assertThat(decode(Chunks.cut(bytes), LineOptions.defaults().withSkipBom(false)))
        .containsExactly("\uFEFFfirst");
  }

  @Test
  void handlesInputsShorterThanAByteOrderMark() {
    assertThat(decode(Chunks.cut("a".getBytes(UTF_8)))).containsExactly("a");
    assertThat(decode(Chunks.cut(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}))).isEmpty();
  }

  @Test
  void decodesUtf16InEitherByteOrderFromItsByteOrderMark() {
    String text = "héllo\r\n😀 wörld\nend";
    LineOptions utf16 = LineOptions.defaults().withCharset(StandardCharsets.UTF_16);
    for (Charset order : List.of(UTF_16BE, UTF_16LE)) {
      byte[] bytes = ("\uFEFF" + text).getBytes(order);
      for (int cut = 0; cut <= bytes.length; cut++) {
        assertThat(decode(Chunks.cut(bytes, cut), utf16))
            .as("%s cut at %d", order, cut)
            .containsExactly("héllo", "😀 wörld", "end");
      }
    }
    // Without a byte order mark, UTF-16 is big-endian.
    assertThat(decode(Chunks.of(text.getBytes(UTF_16BE), 3), utf16))
        .containsExactly("héllo", "😀 wörld", "end");
  }

  @Test
  void decodesUtf16LeAndUtf32WithUnitsSplitAcrossChunks() {
    String text = "a\u0A0Ab\n\u0A00\nz"; // code units that contain the bytes of a line feed
    for (Charset charset :
        List.of(UTF_16LE, UTF_16BE, Charset.forName("UTF-32LE"), Charset.forName("UTF-32"))) {
      byte[] bytes = text.getBytes(charset);
      for (int size = 1; size <= 5; size++) {
        assertThat(decode(Chunks.of(bytes, size), LineOptions.defaults().withCharset(charset)))
            .as("%s in chunks of %d", charset, size)
            .containsExactly("a\u0A0Ab", "\u0A00", "z");
      }
    }
  }

  @Test
  void decodesSingleByteCharsets() {
    byte[] bytes = "café\nnaïve\n".getBytes(ISO_8859_1);
    assertThat(decode(Chunks.of(bytes, 2), LineOptions.defaults().withCharset(ISO_8859_1)))
        .containsExactly("café", "naïve");
    Charset windows = Charset.forName("windows-1252");
    assertThat(
            decode(
                Chunks.cut("€uro\n".getBytes(windows)),
                LineOptions.defaults().withCharset(windows)))
        .containsExactly("€uro");
  }

  @Test
  void failsWithTheLineNumberWhenALineIsTooLongAfterEmittingTheLinesBefore() {
    byte[] bytes = "short\nfine\nthis line is too long\nnext\n".getBytes(UTF_8);
    StepVerifier.create(
            Chunks.of(bytes, 4)
                .transform(Lines.decoder(LineOptions.defaults().withMaxLineLength(10))))
        .expectNext("short", "fine")
        .expectErrorSatisfies(
            error ->
                assertThat(error)
                    .isInstanceOfSatisfying(
                        LineTooLongException.class,
                        e -> {
                          assertThat(e.lineNumber()).isEqualTo(3);
                          assertThat(e.byteOffset()).isEqualTo(11);
                          assertThat(e.maxLineLength()).isEqualTo(10);
                          assertThat(e).hasMessageContaining("Line 3");
                        }))
        .verify(TIMEOUT);
  }

  @Test
  void failsAnEndlessLineWithoutBufferingMoreThanTheLimitPlusAChunk() {
    AtomicLong requested = new AtomicLong();
    byte[] noNewline = new byte[1000];
    java.util.Arrays.fill(noNewline, (byte) 'x');
    StepVerifier.create(
            Chunks.endless(noNewline, requested)
                .transform(Lines.decoder(LineOptions.defaults().withMaxLineLength(10_000))))
        .expectError(LineTooLongException.class)
        .verify(TIMEOUT);
    // 10 chunks fill the limit; the 11th passes it. One more may have been requested ahead.
    assertThat(requested.get()).isBetween(11L, 12L);
  }

  @Test
  void acceptsALineOfExactlyTheLimitEndedByCrlfAcrossChunks() {
    byte[] bytes = "0123456789\r\nabc".getBytes(UTF_8);
    for (int cut = 0; cut <= bytes.length; cut++) {
      assertThat(decode(Chunks.cut(bytes, cut), LineOptions.defaults().withMaxLineLength(10)))
          .containsExactly("0123456789", "abc");
    }
  }

  @Test
  void failsOnInvalidUtf8WithTheByteOffsetOfTheFirstBadByte() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes("ok\nab".getBytes(UTF_8));
    bytes.write(0xFF);
    bytes.writeBytes("cd\n".getBytes(UTF_8));
    StepVerifier.create(Chunks.of(bytes.toByteArray(), 2).transform(Lines.decoder()))
        .expectNext("ok")
        .expectErrorSatisfies(
            error ->
                assertThat(error)
                    .isInstanceOfSatisfying(
                        MalformedTextException.class,
                        e -> {
                          assertThat(e.byteOffset()).isEqualTo(5);
                          assertThat(e.lineNumber()).isEqualTo(2);
                          assertThat(e.malformedLength()).isEqualTo(1);
                          assertThat(e.charset()).isEqualTo("UTF-8");
                          assertThat(e)
                              .hasCauseInstanceOf(java.nio.charset.MalformedInputException.class);
                        }))
        .verify(TIMEOUT);
  }

  @Test
  void keepsAByteOrderMarkThatStartsALaterChunk() {
    byte[] utf8 = "\uFEFFa\n\uFEFFb\n".getBytes(UTF_8);
    assertThat(decode(Chunks.cut(utf8, 5))).containsExactly("a", "\uFEFFb");
    byte[] utf16 = "\uFEFFa\n\uFEFFb\n".getBytes(StandardCharsets.UTF_16BE);
    assertThat(
            decode(
                Chunks.cut(utf16, 6), LineOptions.defaults().withCharset(StandardCharsets.UTF_16)))
        .containsExactly("a", "\uFEFFb");
  }

  @Test
  void failsOnInvalidUtf8AfterTheLinesBeforeItInTheSameChunk() {
    byte[] bytes = {'a', '\n', 'b', '\n', 'c', (byte) 0xFF, '\n', 'd', '\n'};
    StepVerifier.create(Chunks.cut(bytes).transform(Lines.decoder()))
        .expectNext("a", "b")
        .expectErrorSatisfies(
            error ->
                assertThat(error)
                    .isInstanceOfSatisfying(
                        MalformedTextException.class,
                        e -> {
                          assertThat(e.lineNumber()).isEqualTo(3);
                          assertThat(e.byteOffset()).isEqualTo(5);
                        }))
        .verify(TIMEOUT);
  }

  @Test
  void failsOnATruncatedCharacterAtTheEndOfInput() {
    byte[] euro = "x€".getBytes(UTF_8);
    byte[] truncated = java.util.Arrays.copyOf(euro, euro.length - 1);
    StepVerifier.create(Chunks.cut(truncated).transform(Lines.decoder()))
        .expectErrorSatisfies(
            error ->
                assertThat(error)
                    .isInstanceOfSatisfying(
                        MalformedTextException.class, e -> assertThat(e.byteOffset()).isEqualTo(1)))
        .verify(TIMEOUT);
  }

  @Test
  void replacesInvalidBytesWhenAskedTo() {
    byte[] bytes = {'a', (byte) 0xC3, 'b', '\n', (byte) 0xFF};
    assertThat(
            decode(
                Chunks.cut(bytes),
                LineOptions.defaults().withMalformedInputAction(MalformedInputAction.REPLACE)))
        .containsExactly("a\uFFFDb", "\uFFFD");
  }

  @Test
  void acceptsARealReplacementCharacterInStrictMode() {
    assertThat(decode(Chunks.cut("a\uFFFDb\n".getBytes(UTF_8)))).containsExactly("a\uFFFDb");
  }

  @Test
  void reportsInvalidBytesInOtherCharsets() {
    byte[] bytes = {'o', 'k', '\n', 'x', (byte) 0x80};
    StepVerifier.create(
            Chunks.cut(bytes)
                .transform(
                    Lines.decoder(LineOptions.defaults().withCharset(StandardCharsets.US_ASCII))))
        .expectNext("ok")
        .expectErrorSatisfies(
            e -> assertThat(((MalformedTextException) e).byteOffset()).isEqualTo(4))
        .verify(TIMEOUT);
  }

  @Test
  void requestsOneChunkAheadAtMost() {
    AtomicLong requested = new AtomicLong();
    byte[] chunk = "a\nb\nc\n".getBytes(UTF_8);
    StepVerifier.create(Chunks.endless(chunk, requested).transform(Lines.decoder()), 0)
        .thenRequest(1)
        .expectNext("a")
        .then(() -> assertThat(requested.get()).isLessThanOrEqualTo(2))
        .thenRequest(5)
        .expectNext("b", "c", "a", "b", "c")
        // Two chunks consumed, the third being decoded, the fourth requested ahead.
        .then(() -> assertThat(requested.get()).isLessThanOrEqualTo(4))
        .thenCancel()
        .verify(TIMEOUT);
  }

  @Test
  void readsDirectAndReadOnlyChunksWithoutChangingThem() {
    ByteBuffer direct = ByteBuffer.allocateDirect(8).put("ab\ncd\n".getBytes(UTF_8)).flip();
    ByteBuffer readOnly = ByteBuffer.wrap("ef\n".getBytes(UTF_8)).asReadOnlyBuffer();
    assertThat(decode(Flux.just(direct, readOnly))).containsExactly("ab", "cd", "ef");
    assertThat(direct.remaining()).isEqualTo(6);
    assertThat(readOnly.remaining()).isEqualTo(3);
  }

  @Test
  void decodesAgainOnEachSubscription() {
    Flux<String> lines = Chunks.cut("x\ny".getBytes(UTF_8), 1).transform(Lines.decoder());
    assertThat(lines.collectList().block(TIMEOUT)).containsExactly("x", "y");
    assertThat(lines.collectList().block(TIMEOUT)).containsExactly("x", "y");
  }

  @Test
  void passesSourceErrorsThroughAfterTheLinesBeforeThem() {
    Flux<ByteBuffer> failing =
        Chunks.cut("a\nb".getBytes(UTF_8)).concatWith(Flux.error(new IllegalStateException("x")));
    StepVerifier.create(failing.transform(Lines.decoder()))
        .expectNext("a")
        .expectError(IllegalStateException.class)
        .verify(TIMEOUT);
  }

  @Test
  void encodesLinesEachFollowedByALineFeed() {
    List<ByteBuffer> encoded =
        Flux.just("a", "é", "").transform(Lines.encoder()).collectList().block(TIMEOUT);
    assertThat(new String(Chunks.concat(encoded), UTF_8)).isEqualTo("a\né\n\n");
    List<ByteBuffer> utf16 =
        Flux.just("a")
            .transform(Lines.encoder(StandardCharsets.UTF_16))
            .collectList()
            .block(TIMEOUT);
    assertThat(Chunks.concat(utf16)).containsExactly(0, 'a', 0, '\n');
  }

  @Test
  void roundTripsThroughEncoderAndDecoder() {
    List<String> lines = List.of("α", "β\rγ", "", "😀");
    Flux<String> decoded =
        Flux.fromIterable(lines).transform(Lines.encoder()).transform(Lines.decoder());
    StepVerifier.create(decoded).expectNextSequence(lines).verifyComplete();
  }

  @Test
  void synchronousDecoderKeepsAPartialLineUntilItsEndOrTheFinish() throws Exception {
    ChunkDecoder<String> decoder = Lines.newDecoder(LineOptions.defaults());
    List<String> out = new java.util.ArrayList<>();
    decoder.decode(ByteBuffer.wrap("one\ntw".getBytes(UTF_8)), out::add);
    assertThat(out).containsExactly("one");
    decoder.decode(
        ByteBuffer.wrap(new byte[] {'o', '\n', 'x', (byte) 0xE2, (byte) 0x82}), out::add);
    assertThat(out).containsExactly("one", "two");
    decoder.decode(ByteBuffer.wrap(new byte[] {(byte) 0xAC}), out::add);
    decoder.finish(out::add);
    assertThat(out).containsExactly("one", "two", "x€");
  }

  @Test
  void doesNotHoldBackShortInputThatCannotStartWithAByteOrderMark() throws Exception {
    ChunkDecoder<String> decoder = Lines.newDecoder(LineOptions.defaults());
    List<String> out = new java.util.ArrayList<>();
    decoder.decode(ByteBuffer.wrap("x\n".getBytes(UTF_8)), out::add);
    assertThat(out).containsExactly("x");
    ChunkDecoder<String> utf16 =
        Lines.newDecoder(LineOptions.defaults().withCharset(StandardCharsets.UTF_16));
    utf16.decode(ByteBuffer.wrap("y\n".getBytes(UTF_16BE)), out::add);
    assertThat(out).containsExactly("x", "y");
  }

  @Test
  void rejectsInvalidOptionsNamingTheParameter() {
    assertThatThrownBy(() -> LineOptions.defaults().withMaxLineLength(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxLineLength must be >= 1, was 0");
    assertThatThrownBy(() -> LineOptions.defaults().withCharset(Charset.forName("ISO-2022-CN")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("charset=ISO-2022-CN");
  }
}
