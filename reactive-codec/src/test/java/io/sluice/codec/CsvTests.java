package io.sluice.codec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class CsvTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  record Trade(String symbol, int quantity, String note) {}

  private static final String TRADES =
      "symbol,quantity,note\r\n"
          + "ACME,10,plain\r\n"
          + "\"BIG, INC\",20,\"said \"\"hi\"\"\"\r\n"
          + "MULTI,30,\"line one\nline two\"\r\n";

  private static final List<Trade> EXPECTED =
      List.of(
          new Trade("ACME", 10, "plain"),
          new Trade("BIG, INC", 20, "said \"hi\""),
          new Trade("MULTI", 30, "line one\nline two"));

  @Test
  void decodesRecordsByHeaderNamesWithRfc4180QuotingSplitAtEveryBoundary() {
    byte[] bytes = TRADES.getBytes(UTF_8);
    for (int cut = 0; cut <= bytes.length; cut++) {
      assertThat(
              Chunks.cut(bytes, cut)
                  .transform(Csv.decoder(Trade.class))
                  .collectList()
                  .block(TIMEOUT))
          .as("cut at %d", cut)
          .isEqualTo(EXPECTED);
    }
    assertThat(Chunks.of(bytes, 1).transform(Csv.decoder(Trade.class)).collectList().block(TIMEOUT))
        .isEqualTo(EXPECTED);
  }

  @Test
  void bindsColumnsByNameWhateverTheirOrder() {
    String text = "\uFEFFnote,symbol,quantity\nn,S,1\n\nm,T,2";
    StepVerifier.create(Chunks.of(text.getBytes(UTF_8), 5).transform(Csv.decoder(Trade.class)))
        .expectNext(new Trade("S", 1, "n"), new Trade("T", 2, "m"))
        .verifyComplete();
  }

  @Test
  void bindsColumnsByPropertyOrderWithoutHeader() {
    CsvOptions options = CsvOptions.defaults().withHeader(false).withSeparator(';');
    StepVerifier.create(
            Chunks.of("X;1;a\nY;2;b\n".getBytes(UTF_8), 4)
                .transform(Csv.decoder(Trade.class, options)))
        .expectNext(new Trade("X", 1, "a"), new Trade("Y", 2, "b"))
        .verifyComplete();
  }

  @Test
  void decodesRowsIncludingTheHeader() {
    StepVerifier.create(Chunks.of(TRADES.getBytes(UTF_8), 6).transform(Csv.rowDecoder()))
        .expectNext(List.of("symbol", "quantity", "note"))
        .expectNext(List.of("ACME", "10", "plain"))
        .expectNext(List.of("BIG, INC", "20", "said \"hi\""))
        .expectNext(List.of("MULTI", "30", "line one\nline two"))
        .verifyComplete();
  }

  @Test
  void skipsOnlyTheByteOrderMarkThatStartsTheInput() {
    byte[] bytes = "\uFEFF\uFEFFa,b\n\uFEFFc,d\n".getBytes(UTF_8);
    for (int cut = 0; cut <= bytes.length; cut++) {
      assertThat(Chunks.cut(bytes, cut).transform(Csv.rowDecoder()).collectList().block(TIMEOUT))
          .as("cut at %d", cut)
          .containsExactly(List.of("\uFEFFa", "b"), List.of("\uFEFFc", "d"));
    }
  }

  @Test
  void keepsAByteOrderMarkThatStartsALaterChunkInTheHeaderAndTheRecords() {
    byte[] header = "\n".getBytes(UTF_8);
    byte[] rest = "\uFEFFsymbol,quantity,note\n\uFEFFA,1,x\n".getBytes(UTF_8);
    StepVerifier.create(
            Flux.just(ByteBuffer.wrap(header), ByteBuffer.wrap(rest)).transform(Csv.rowDecoder()))
        .expectNext(List.of("\uFEFFsymbol", "quantity", "note"), List.of("\uFEFFA", "1", "x"))
        .verifyComplete();
    byte[] records = "symbol,quantity,note\n".getBytes(UTF_8);
    byte[] marked = "\uFEFFA,1,x\n".getBytes(UTF_8);
    StepVerifier.create(
            Flux.just(ByteBuffer.wrap(records), ByteBuffer.wrap(marked))
                .transform(Csv.decoder(Trade.class)))
        .expectNext(new Trade("\uFEFFA", 1, "x"))
        .verifyComplete();
  }

  @Test
  void failsOnInvalidUtf8AfterTheRecordsBeforeItInTheSameChunk() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes("symbol,quantity,note\nA,1,x\nB,2,y\nC,3,".getBytes(UTF_8));
    bytes.write(0xFF);
    bytes.writeBytes("z\nD,4,w\n".getBytes(UTF_8));
    byte[] input = bytes.toByteArray();
    for (int cut = 0; cut <= input.length; cut++) {
      StepVerifier.create(Chunks.cut(input, cut).transform(Csv.decoder(Trade.class)))
          .as("cut at " + cut)
          .expectNext(new Trade("A", 1, "x"), new Trade("B", 2, "y"))
          .expectErrorSatisfies(
              error ->
                  assertThat(error)
                      .isInstanceOfSatisfying(
                          MalformedTextException.class,
                          e -> {
                            assertThat(e.lineNumber()).isEqualTo(4);
                            assertThat(e.byteOffset()).isEqualTo(37);
                            assertThat(e.malformedLength()).isEqualTo(1);
                            assertThat(e.charset()).isEqualTo("UTF-8");
                          }))
          .verify(TIMEOUT);
    }
  }

  @Test
  void reportsInvalidUtf8InAQuotedMultiLineFieldAtItsOwnLineAndOffset() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes("\uFEFFa,b\n\"x\ny".getBytes(UTF_8));
    bytes.write(0xC3);
    bytes.writeBytes("\",c\n".getBytes(UTF_8));
    StepVerifier.create(Flux.just(ByteBuffer.wrap(bytes.toByteArray())).transform(Csv.rowDecoder()))
        .expectNext(List.of("a", "b"))
        .expectErrorSatisfies(
            error ->
                assertThat(error)
                    .isInstanceOfSatisfying(
                        MalformedTextException.class,
                        e -> {
                          assertThat(e.lineNumber()).isEqualTo(3);
                          assertThat(e.byteOffset()).isEqualTo(11);
                        }))
        .verify(TIMEOUT);
  }

  @Test
  void failsOnARecordOfTheWrongShapeWithItsLineNumber() {
    String text = "symbol,quantity,note\nA,1,x\nB,two,y\nC,3,z\n";
    StepVerifier.create(Chunks.of(text.getBytes(UTF_8), 8).transform(Csv.decoder(Trade.class)))
        .expectNext(new Trade("A", 1, "x"))
        .expectErrorSatisfies(
            e ->
                assertThat(e)
                    .isInstanceOfSatisfying(
                        CsvException.class, bad -> assertThat(bad.lineNumber()).isEqualTo(3)))
        .verify(TIMEOUT);
    String tooMany = "symbol,quantity,note\nA,1,x,extra\n";
    StepVerifier.create(Chunks.cut(tooMany.getBytes(UTF_8)).transform(Csv.decoder(Trade.class)))
        .expectErrorSatisfies(e -> assertThat(((CsvException) e).lineNumber()).isEqualTo(2))
        .verify(TIMEOUT);
  }

  @Test
  void failsOnAQuoteNeverClosed() {
    String text = "symbol,quantity,note\nA,1,\"open\nB,2,x\n";
    StepVerifier.create(Chunks.of(text.getBytes(UTF_8), 4).transform(Csv.decoder(Trade.class)))
        .expectErrorSatisfies(
            e ->
                assertThat(e)
                    .isInstanceOf(CsvException.class)
                    .hasMessageContaining("line 2")
                    .hasMessageContaining("not closed"))
        .verify(TIMEOUT);
  }

  @Test
  void failsOnARecordLongerThanTheLimit() {
    String text = "symbol,quantity,note\nA,1,\"" + "x".repeat(200) + "\"\n";
    StepVerifier.create(
            Chunks.of(text.getBytes(UTF_8), 16)
                .transform(
                    Csv.decoder(Trade.class, CsvOptions.defaults().withMaxRecordLength(100))))
        .expectErrorSatisfies(
            e ->
                assertThat(e)
                    .isInstanceOfSatisfying(
                        FrameTooLongException.class,
                        tooLong -> {
                          assertThat(tooLong.frameNumber()).isEqualTo(2);
                          assertThat(tooLong.byteOffset()).isEqualTo(21);
                        }))
        .verify(TIMEOUT);
  }

  @Test
  void failsOnACompleteRecordLongerThanTheLimitInOneChunkAfterTheRecordsBeforeIt() {
    String text = "symbol,quantity,note\nA,1,x\nB,2," + "y".repeat(20) + "\nC,3,z\n";
    StepVerifier.create(
            Chunks.of(text.getBytes(UTF_8), text.length())
                .transform(Csv.decoder(Trade.class, CsvOptions.defaults().withMaxRecordLength(20))))
        .expectNext(new Trade("A", 1, "x"))
        .expectErrorSatisfies(
            e ->
                assertThat(e)
                    .isInstanceOfSatisfying(
                        FrameTooLongException.class,
                        tooLong -> {
                          assertThat(tooLong.frameNumber()).isEqualTo(3);
                          assertThat(tooLong.byteOffset()).isEqualTo(27);
                        }))
        .verify(TIMEOUT);
  }

  @Test
  void encodesAHeaderThenQuotedRecordsThatDecodeBack() {
    List<ByteBuffer> encoded =
        Flux.fromIterable(EXPECTED)
            .transform(Csv.encoder(Trade.class))
            .collectList()
            .block(TIMEOUT);
    String text = new String(Chunks.concat(encoded), UTF_8);
    assertThat(text).startsWith("symbol,quantity,note\nACME,10,plain\n\"BIG, INC\",20,");
    StepVerifier.create(Flux.fromIterable(encoded).transform(Csv.decoder(Trade.class)))
        .expectNextSequence(EXPECTED)
        .verifyComplete();
    assertThat(
            Flux.<Trade>empty()
                .transform(Csv.encoder(Trade.class))
                .map(Chunks::text)
                .collectList()
                .block(TIMEOUT))
        .containsExactly("symbol,quantity,note\n");
  }

  @Test
  void encodesRows() {
    List<ByteBuffer> encoded =
        Flux.just(List.of("a", "b,c"), List.of("d\"e", ""))
            .transform(Csv.rowEncoder())
            .collectList()
            .block(TIMEOUT);
    assertThat(new String(Chunks.concat(encoded), UTF_8)).isEqualTo("a,\"b,c\"\n\"d\"\"e\",\n");
  }

  @Test
  void rejectsInvalidOptions() {
    assertThatThrownBy(() -> CsvOptions.defaults().withSeparator('"'))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("separator");
    assertThatThrownBy(() -> CsvOptions.defaults().withMaxRecordLength(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxRecordLength must be >= 1, was 0");
  }
}
