package io.sluice.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Line decoding of random text and random bytes, cut into random chunks. */
class LinesFuzzTests {

  @Property(tries = 200)
  void validLinesDecodeTheSameWhateverTheChunks(
      @ForAll("lines") List<String> lines,
      @ForAll boolean crlf,
      @ForAll("charsets") Charset charset,
      @ForAll @Size(max = 12) List<Integer> cuts,
      @ForAll ChunkKind kind,
      @ForAll boolean oneByOne) {
    // Valid text in the charset: what it cannot encode becomes its replacement, '?'.
    List<String> encodable =
        lines.stream().map(line -> new String(line.getBytes(charset), charset)).toList();
    StringBuilder text = new StringBuilder();
    for (String line : encodable) {
      text.append(line).append(crlf ? "\r\n" : "\n");
    }
    byte[] bytes = text.toString().getBytes(charset);
    LineOptions options = LineOptions.defaults().withCharset(charset);

    Decoding<String> chunked = Decoding.of(bytes, cuts, kind, oneByOne, Lines.decoder(options));

    assertThat(chunked.error()).isNull();
    assertThat(chunked.values()).isEqualTo(encodable);
  }

  @Property(tries = 200)
  void randomBytesGiveLinesOrADocumentedErrorAndChunksChangeNothing(
      @ForAll("textLikeBytes") byte[] bytes,
      @ForAll("charsets") Charset charset,
      @ForAll @IntRange(min = 1, max = 64) int maxLineLength,
      @ForAll boolean replaceMalformed,
      @ForAll @Size(max = 12) List<Integer> cuts,
      @ForAll ChunkKind kind,
      @ForAll boolean oneByOne) {
    LineOptions options =
        LineOptions.defaults()
            .withCharset(charset)
            .withMaxLineLength(maxLineLength)
            .withMalformedInputAction(
                replaceMalformed ? MalformedInputAction.REPLACE : MalformedInputAction.REPORT);

    Decoding<String> chunked =
        Decoding.of(bytes, cuts, kind, oneByOne, Lines.decoder(options))
            .endedWithNothingBut(LineTooLongException.class, MalformedTextException.class);

    chunked.isTheSameAs(Decoding.whole(bytes, Lines.decoder(options)));
  }

  @Provide
  Arbitrary<List<String>> lines() {
    Arbitrary<String> bmp =
        Arbitraries.strings()
            .withCharRange('\u0000', '\uD7FF')
            .withCharRange('\uE000', '\uFFFD')
            .excludeChars('\n', '\r', '\uFEFF')
            .ofMaxLength(40);
    // A character outside the BMP: a surrogate pair in Java, four bytes in UTF-8.
    return Combinators.combine(bmp, Arbitraries.of("", "\uD83D\uDE00"), bmp)
        .as((head, astral, tail) -> head + astral + tail)
        .list()
        .ofMaxSize(20);
  }

  @Provide
  Arbitrary<Charset> charsets() {
    return Arbitraries.of(
        StandardCharsets.UTF_8,
        StandardCharsets.UTF_16,
        StandardCharsets.UTF_16LE,
        StandardCharsets.ISO_8859_1,
        Charset.forName("UTF-32"));
  }

  /**
   * Bytes where line breaks, ASCII and multi-byte UTF-8 sequences are common, and anything goes.
   */
  @Provide
  Arbitrary<byte[]> textLikeBytes() {
    return FuzzBytes.mixOf(
        Arbitraries.of(
            "\n", "\r", "\r\n", "a", "bc", "\u00e9", "\u20ac", "\uD83D\uDE00", "\uFEFF"));
  }
}
