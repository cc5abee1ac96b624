package io.sluice.codec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

class NdjsonTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  record Order(String id, int quantity) {}

  private static Flux<ByteBuffer> input(String text, int chunkSize) {
    return Chunks.of(text.getBytes(UTF_8), chunkSize);
  }

  @Test
  void decodesOneValuePerLineWhateverTheChunking() {
    String text = "{\"id\":\"a\",\"quantity\":1}\r\n\n  \n{\"id\":\"é😀\",\"quantity\":2}\n";
    for (int size = 1; size <= text.length(); size++) {
      assertThat(
              input(text, size).transform(Ndjson.decoder(Order.class)).collectList().block(TIMEOUT))
          .as("chunks of %d", size)
          .containsExactly(new Order("a", 1), new Order("é😀", 2));
    }
  }

  @Test
  void decodesALastLineWithoutTerminatorAndSkipsAByteOrderMark() {
    StepVerifier.create(
            input("\uFEFF{\"id\":\"x\",\"quantity\":3}", 2).transform(Ndjson.decoder(Order.class)))
        .expectNext(new Order("x", 3))
        .verifyComplete();
  }

  @Test
  void failsOnAMalformedLineWithItsLineNumberAfterTheValuesBefore() {
    String text =
        "{\"id\":\"a\",\"quantity\":1}\n\n{\"id\":\"b\",\"quantity\":\n{\"id\":\"c\",\"quantity\":3}\n";
    StepVerifier.create(input(text, 7).transform(Ndjson.decoder(Order.class)))
        .expectNext(new Order("a", 1))
        .expectErrorSatisfies(
            e ->
                assertThat(e)
                    .isInstanceOfSatisfying(
                        NdjsonException.class,
                        bad -> {
                          assertThat(bad.lineNumber()).isEqualTo(3);
                          assertThat(bad.byteOffset()).isEqualTo(25);
                          assertThat(bad).hasMessageStartingWith("Invalid NDJSON at line 3");
                          assertThat(bad).hasCauseInstanceOf(JacksonException.class);
                        }))
        .verify(TIMEOUT);
  }

  @Test
  void rejectsTwoValuesOnOneLineNullAndValuesOfTheWrongType() {
    for (String bad :
        List.of(
            "{\"id\":\"a\",\"quantity\":1} {\"id\":\"b\",\"quantity\":2}",
            "null",
            "{\"id\":\"a\",\"quantity\":\"many\"}",
            "[1,2]",
            "{\"id\":\"a\",")) {
      StepVerifier.create(input(bad + "\n", 4).transform(Ndjson.decoder(Order.class)))
          .as(bad)
          .expectErrorMatches(e -> e instanceof NdjsonException error && error.lineNumber() == 1)
          .verify(TIMEOUT);
    }
  }

  @Test
  void rejectsInvalidUtf8InALine() {
    byte[] bytes = {'"', 'a', (byte) 0xC3, '"', '\n'};
    StepVerifier.create(Chunks.cut(bytes).transform(Ndjson.decoder(String.class)))
        .expectError(NdjsonException.class)
        .verify(TIMEOUT);
  }

  @Test
  void rejectsAByteOrderMarkThatStartsALaterLineOrFollowsTheFirstMark() {
    String text = "{\"id\":\"a\",\"quantity\":1}\n\uFEFF{\"id\":\"b\",\"quantity\":2}\n";
    StepVerifier.create(Chunks.cut(text.getBytes(UTF_8), 24).transform(Ndjson.decoder(Order.class)))
        .expectNext(new Order("a", 1))
        .expectErrorSatisfies(
            e ->
                assertThat(e)
                    .isInstanceOfSatisfying(
                        NdjsonException.class,
                        bad -> {
                          assertThat(bad.lineNumber()).isEqualTo(2);
                          assertThat(bad.byteOffset()).isEqualTo(24);
                          assertThat(bad).hasMessageContaining("byte order mark");
                        }))
        .verify(TIMEOUT);
    StepVerifier.create(
            input("\uFEFF\uFEFF{\"id\":\"x\",\"quantity\":3}\n", 4)
                .transform(Ndjson.decoder(Order.class)))
        .expectErrorSatisfies(e -> assertThat(((NdjsonException) e).byteOffset()).isEqualTo(3))
        .verify(TIMEOUT);
  }

  @Test
  void failsOnInvalidUtf8AfterTheValuesBeforeItInTheSameChunk() {
    byte[] head = "\"a\"\n\"b\"\n\"c".getBytes(UTF_8);
    byte[] bytes = java.util.Arrays.copyOf(head, head.length + 3);
    bytes[head.length] = (byte) 0xFF;
    bytes[head.length + 1] = '"';
    bytes[head.length + 2] = '\n';
    StepVerifier.create(Chunks.cut(bytes).transform(Ndjson.decoder(String.class)))
        .expectNext("a", "b")
        .expectErrorSatisfies(
            e ->
                assertThat(e)
                    .isInstanceOfSatisfying(
                        NdjsonException.class,
                        bad -> {
                          assertThat(bad.lineNumber()).isEqualTo(3);
                          assertThat(bad.byteOffset()).isEqualTo(8);
                          assertThat(bad).hasMessageContaining("UTF-8");
                        }))
        .verify(TIMEOUT);
  }

  @Test
  void failsOnAnOverLongLine() {
    String text = "\"ok\"\n\"" + "x".repeat(100) + "\"\n";
    StepVerifier.create(
            input(text, 16)
                .transform(
                    Ndjson.decoder(String.class, NdjsonOptions.defaults().withMaxLineLength(50))))
        .expectNext("ok")
        .expectErrorSatisfies(e -> assertThat(((LineTooLongException) e).lineNumber()).isEqualTo(2))
        .verify(TIMEOUT);
  }

  @Test
  void tolerantDecoderReportsBadLinesWithTheirNumbersAndGoesOn() {
    String text =
        String.join(
            "\n",
            "{\"id\":\"a\",\"quantity\":1}",
            "not json",
            "",
            "\"" + "x".repeat(100) + "\"",
            "{\"id\":\"b\",\"quantity\":2}",
            "null",
            "{\"id\":\"c\",\"quantity\":3}");
    List<NdjsonLine<Order>> lines =
        input(text, 9)
            .transform(
                Ndjson.tolerantDecoder(Order.class, NdjsonOptions.defaults().withMaxLineLength(60)))
            .collectList()
            .block(TIMEOUT);
    assertThat(lines).extracting(NdjsonLine::lineNumber).containsExactly(1L, 2L, 4L, 5L, 6L, 7L);
    assertThat(lines.get(0)).isEqualTo(new NdjsonLine.Accepted<>(1, new Order("a", 1)));
    assertThat(lines.get(1))
        .isInstanceOfSatisfying(
            NdjsonLine.Rejected.class,
            r -> assertThat(r.error()).isInstanceOf(NdjsonException.class));
    assertThat(lines.get(2))
        .isInstanceOfSatisfying(
            NdjsonLine.Rejected.class,
            r ->
                assertThat(r.error())
                    .isInstanceOfSatisfying(
                        LineTooLongException.class, e -> assertThat(e.lineNumber()).isEqualTo(4)));
    assertThat(lines.get(3)).isEqualTo(new NdjsonLine.Accepted<>(5, new Order("b", 2)));
    assertThat(lines.get(4)).isInstanceOf(NdjsonLine.Rejected.class);
    assertThat(lines.get(5)).isEqualTo(new NdjsonLine.Accepted<>(7, new Order("c", 3)));
  }

  @Test
  void tolerantDecoderReportsAnOverLongLastLine() {
    StepVerifier.create(
            input("1\n" + "2".repeat(30), 4)
                .transform(
                    Ndjson.tolerantDecoder(
                        Integer.class, NdjsonOptions.defaults().withMaxLineLength(10))))
        .expectNext(new NdjsonLine.Accepted<>(1, 1))
        .expectNextMatches(
            line ->
                line instanceof NdjsonLine.Rejected<Integer> r
                    && r.lineNumber() == 2
                    && r.error() instanceof LineTooLongException)
        .verifyComplete();
  }

  @Test
  void encodesCompactLinesThatDecodeBack() {
    JsonMapper indenting =
        JsonMapper.builder()
            .enable(tools.jackson.databind.SerializationFeature.INDENT_OUTPUT)
            .build();
    List<ByteBuffer> encoded =
        Flux.just(new Order("a", 1), new Order("b\nc", 2))
            .transform(Ndjson.encoder(NdjsonOptions.defaults().withMapper(indenting)))
            .collectList()
            .block(TIMEOUT);
    assertThat(new String(Chunks.concat(encoded), UTF_8))
        .isEqualTo("{\"id\":\"a\",\"quantity\":1}\n{\"id\":\"b\\nc\",\"quantity\":2}\n");
    StepVerifier.create(Flux.fromIterable(encoded).transform(Ndjson.decoder(Order.class)))
        .expectNext(new Order("a", 1), new Order("b\nc", 2))
        .verifyComplete();
  }

  @Test
  void decodesUntypedValuesAsMaps() {
    StepVerifier.create(input("{\"a\":[1,2]}\n", 3).transform(Ndjson.decoder(Map.class)))
        .expectNextMatches(map -> map.get("a").equals(List.of(1, 2)))
        .verifyComplete();
  }
}
