package io.sluice.bench.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IngestDecoderTests {

  @Test
  void turnsEachLineIntoACopyRow() {
    IngestDecoder decoder = new IngestDecoder();

    String rows =
        decode(decoder, "{\"id\":1,\"randomNumber\":2}\n{\"id\":-3,\"randomNumber\":40}\n");

    assertThat(rows).isEqualTo("1\t2\n-3\t40\n");
    assertThat(decoder.rows()).isEqualTo(2);
  }

  @Test
  void keepsAnUnfinishedLineUntilTheChunkThatEndsIt() {
    IngestDecoder decoder = new IngestDecoder();
    byte[] body =
        "{\"id\":12,\"randomNumber\":34}\n{\"id\":5,\"randomNumber\":6}\n"
            .getBytes(StandardCharsets.US_ASCII);
    ByteArrayOutputStream rows = new ByteArrayOutputStream();

    for (byte b : body) {
      rows.writeBytes(decoder.decode(new byte[] {b}, 0, 1));
    }
    rows.writeBytes(decoder.finish());

    assertThat(rows.toString(StandardCharsets.US_ASCII)).isEqualTo("12\t34\n5\t6\n");
  }

  @Test
  void takesALastLineWithoutNewlineAtTheEnd() {
    IngestDecoder decoder = new IngestDecoder();

    String first = decode(decoder, "{\"id\":1,\"randomNumber\":2}\n{\"id\":3,");
    String rest = decode(decoder, "\"randomNumber\":4}");
    String last = new String(decoder.finish(), StandardCharsets.US_ASCII);

    assertThat(first + rest + last).isEqualTo("1\t2\n3\t4\n");
  }

  @Test
  void acceptsCrLfBlankLinesExtraKeysAndAnyKeyOrder() {
    IngestDecoder decoder = new IngestDecoder();

    String rows =
        decode(
            decoder,
            "\n \t\r\n{\"x\":[1,{\"y\":null}],\"randomNumber\":2147483647,\"id\":-2147483648}\r\n");

    assertThat(rows).isEqualTo("-2147483648\t2147483647\n");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"id\":1}| 'randomNumber' missing or not a 32-bit integer",
        "{\"id\":\"1\",\"randomNumber\":2}| 'id' missing or not a 32-bit integer",
        "{\"id\":2147483648,\"randomNumber\":2}| 'id' missing or not a 32-bit integer",
        "{\"id\":1.0,\"randomNumber\":2}| 'id' missing or not a 32-bit integer",
        "{\"id\":1,\"randomNumber\":null}| 'randomNumber' missing or not a 32-bit integer",
        "[1,2]| not a JSON object",
        "null| not a JSON object",
        "{\"id\":1,\"randomNumber\":2} {}| not valid JSON",
        "{\"id\":1,| not valid JSON",
      })
  void namesTheLineAndWhatIsWrongWithIt(String line, String reason) {
    IngestDecoder decoder = new IngestDecoder();
    String body = "{\"id\":1,\"randomNumber\":2}\n\n" + line + "\n{\"id\":1,\"randomNumber\":2}\n";

    assertThatThrownBy(() -> decode(decoder, body))
        .isInstanceOfSatisfying(
            MalformedLineException.class,
            e -> {
              assertThat(e.line()).isEqualTo(3);
              assertThat(e.reason()).startsWith(reason.trim());
              assertThat(e.problem().line()).isEqualTo(3);
              assertThat(e.problem().status()).isEqualTo(400);
              assertThat(e.problem().detail()).startsWith("line 3: " + reason.trim());
            });
  }

  @Test
  void rejectsALineLongerThanTheLimitBeforeItEnds() {
    IngestDecoder decoder = new IngestDecoder();
    decode(decoder, "{\"id\":1,\"randomNumber\":2}\n");
    byte[] chunk = new byte[IngestDecoder.MAX_LINE_LENGTH / 2];
    java.util.Arrays.fill(chunk, (byte) ' ');
    decoder.decode(chunk, 0, chunk.length);
    decoder.decode(chunk, 0, chunk.length);

    assertThatThrownBy(() -> decoder.decode(chunk, 0, 1))
        .isInstanceOfSatisfying(
            MalformedLineException.class, e -> assertThat(e.line()).isEqualTo(2));
  }

  private static String decode(IngestDecoder decoder, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return new String(decoder.decode(bytes, 0, bytes.length), StandardCharsets.US_ASCII);
  }
}
