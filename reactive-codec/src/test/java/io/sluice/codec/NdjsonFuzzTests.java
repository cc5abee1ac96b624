package io.sluice.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import reactor.core.publisher.Flux;

/** NDJSON decoding of random values and random bytes, cut into random chunks. */
class NdjsonFuzzTests {

  record Reading(String station, int value, List<Double> samples) {}

  @Property(tries = 200)
  void validNdjsonDecodesTheSameWhateverTheChunks(
      @ForAll("readings") List<Reading> readings,
      @ForAll @Size(max = 12) List<Integer> cuts,
      @ForAll ChunkKind kind,
      @ForAll boolean oneByOne) {
    byte[] bytes =
        Chunks.concat(
            Flux.fromIterable(readings).transform(Ndjson.<Reading>encoder()).collectList().block());

    Decoding<Reading> chunked =
        Decoding.of(bytes, cuts, kind, oneByOne, Ndjson.decoder(Reading.class));

    assertThat(chunked.error()).isNull();
    assertThat(chunked.values()).isEqualTo(readings);
  }

  @Property(tries = 200)
  void randomBytesGiveValuesOrADocumentedErrorAndChunksChangeNothing(
      @ForAll("jsonLikeBytes") byte[] bytes,
      @ForAll @IntRange(min = 1, max = 128) int maxLineLength,
      @ForAll @Size(max = 12) List<Integer> cuts,
      @ForAll ChunkKind kind,
      @ForAll boolean oneByOne) {
    NdjsonOptions options = NdjsonOptions.defaults().withMaxLineLength(maxLineLength);

    Decoding<Reading> chunked =
        Decoding.of(bytes, cuts, kind, oneByOne, Ndjson.decoder(Reading.class, options))
            .endedWithNothingBut(NdjsonException.class, LineTooLongException.class);

    chunked.isTheSameAs(Decoding.whole(bytes, Ndjson.decoder(Reading.class, options)));
  }

  @Property(tries = 200)
  void theTolerantDecoderNeverFailsOnRandomBytesAndChunksChangeNothing(
      @ForAll("jsonLikeBytes") byte[] bytes,
      @ForAll @IntRange(min = 1, max = 128) int maxLineLength,
      @ForAll @Size(max = 12) List<Integer> cuts,
      @ForAll ChunkKind kind,
      @ForAll boolean oneByOne) {
    NdjsonOptions options = NdjsonOptions.defaults().withMaxLineLength(maxLineLength);

    Decoding<String> chunked =
        Decoding.of(
            bytes,
            cuts,
            kind,
            oneByOne,
            chunks ->
                chunks
                    .transform(Ndjson.tolerantDecoder(JsonValue.class, options))
                    .map(NdjsonFuzzTests::describe));

    assertThat(chunked.error()).isNull();
    chunked.isTheSameAs(
        Decoding.whole(
            bytes,
            chunks ->
                chunks
                    .transform(Ndjson.tolerantDecoder(JsonValue.class, options))
                    .map(NdjsonFuzzTests::describe)));
  }

  /** Any JSON object with one optional member. */
  record JsonValue(Object a) {}

  @Provide
  Arbitrary<List<Reading>> readings() {
    Arbitrary<String> stations =
        Arbitraries.strings()
            .withCharRange('\u0000', '\uD7FF')
            .withChars("\"\\\n\r\t\u20ac")
            .ofMaxLength(20);
    Arbitrary<List<Double>> samples = Arbitraries.doubles().between(-1e9, 1e9).list().ofMaxSize(5);
    return Combinators.combine(stations, Arbitraries.integers(), samples)
        .as(Reading::new)
        .list()
        .ofMaxSize(15);
  }

  /** Bytes where JSON syntax, line breaks and multi-byte text are common, and anything goes. */
  @Provide
  Arbitrary<byte[]> jsonLikeBytes() {
    return FuzzBytes.mixOf(
        Arbitraries.of(
            "\n",
            "\r\n",
            " ",
            "{",
            "}",
            "[",
            "]",
            ":",
            ",",
            "\"",
            "\\",
            "null",
            "true",
            "-1.5e3",
            "7",
            "\"station\"",
            "\"value\"",
            "\"samples\"",
            "\"a\"",
            "\u00e9",
            "\uD83D\uDE00",
            "\uFEFF",
            "{\"station\":\"s\",\"value\":1,\"samples\":[1.0]}\n"));
  }

  private static String describe(NdjsonLine<JsonValue> line) {
    if (line instanceof NdjsonLine.Accepted<JsonValue> accepted) {
      return "accepted " + accepted.value();
    }
    NdjsonLine.Rejected<JsonValue> rejected = (NdjsonLine.Rejected<JsonValue>) line;
    assertThat(rejected.error()).isInstanceOfAny(NdjsonException.class, LineTooLongException.class);
    return "rejected " + rejected.lineNumber() + " " + rejected.error().getClass().getSimpleName();
  }
}
