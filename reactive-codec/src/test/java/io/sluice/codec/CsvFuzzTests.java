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

/** CSV decoding of random records and random bytes, cut into random chunks. */
class CsvFuzzTests {

  record Trade(String symbol, int quantity, String note) {}

  @Property(tries = 200)
  void validCsvDecodesTheSameWhateverTheChunks(
      @ForAll("trades") List<Trade> trades,
      @ForAll @Size(max = 12) List<Integer> cuts,
      @ForAll ChunkKind kind,
      @ForAll boolean oneByOne) {
    byte[] bytes =
        Chunks.concat(
            Flux.fromIterable(trades).transform(Csv.encoder(Trade.class)).collectList().block());

    Decoding<Trade> chunked = Decoding.of(bytes, cuts, kind, oneByOne, Csv.decoder(Trade.class));

    assertThat(chunked.error()).isNull();
    assertThat(chunked.values()).isEqualTo(trades);
  }

  @Property(tries = 200)
  void randomBytesGiveRecordsOrADocumentedErrorAndChunksChangeNothing(
      @ForAll("csvLikeBytes") byte[] bytes,
      @ForAll boolean typed,
      @ForAll @IntRange(min = 1, max = 128) int maxRecordLength,
      @ForAll @Size(max = 12) List<Integer> cuts,
      @ForAll ChunkKind kind,
      @ForAll boolean oneByOne) {
    CsvOptions options = CsvOptions.defaults().withMaxRecordLength(maxRecordLength);

    Decoding<Object> chunked =
        Decoding.of(bytes, cuts, kind, oneByOne, decoder(typed, options))
            .endedWithNothingBut(
                CsvException.class, FrameTooLongException.class, MalformedTextException.class);

    chunked.isTheSameAs(Decoding.whole(bytes, decoder(typed, options)));
  }

  private static java.util.function.Function<Flux<java.nio.ByteBuffer>, Flux<Object>> decoder(
      boolean typed, CsvOptions options) {
    return typed
        ? chunks -> chunks.transform(Csv.decoder(Trade.class, options)).cast(Object.class)
        : chunks -> chunks.transform(Csv.rowDecoder(options)).cast(Object.class);
  }

  @Provide
  Arbitrary<List<Trade>> trades() {
    Arbitrary<String> text =
        Arbitraries.strings()
            .withCharRange(' ', '~')
            .withChars("\"\n\r,\u00e9\u20ac\uFEFF")
            .ofMaxLength(20);
    return Combinators.combine(text, Arbitraries.integers(), text)
        .as(Trade::new)
        .list()
        .ofMaxSize(15);
  }

  /** Bytes where CSV syntax, header names and multi-byte text are common, and anything goes. */
  @Provide
  Arbitrary<byte[]> csvLikeBytes() {
    return FuzzBytes.mixOf(
        Arbitraries.of(
            "symbol,quantity,note\n",
            "\n",
            "\r\n",
            "\r",
            ",",
            "\"",
            "\"\"",
            "a",
            "12",
            "-3",
            "x y",
            "\u00e9",
            "\uD83D\uDE00",
            "\uFEFF",
            "symbol",
            "quantity"));
  }
}
