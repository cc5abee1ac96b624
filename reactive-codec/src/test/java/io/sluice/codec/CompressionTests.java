package io.sluice.codec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class CompressionTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private static byte[] sample(int size) {
    byte[] bytes = new byte[size];
    Random random = new Random(42);
    for (int i = 0; i < size; i++) {
      bytes[i] = (byte) "abcdefgh ".charAt(random.nextInt(9));
    }
    return bytes;
  }

  private static byte[] run(
      Flux<ByteBuffer> chunks, Function<Flux<ByteBuffer>, Flux<ByteBuffer>> transformer) {
    return Chunks.concat(chunks.transform(transformer).collectList().block(TIMEOUT));
  }

  private static byte[] jdkGzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    }
    return out.toByteArray();
  }

  @Test
  void gzipOutputIsReadByTheJdkAndRoundTrips() throws IOException {
    byte[] original = sample(300_000);
    byte[] compressed = run(Chunks.of(original, 10_000), Compression.gzip());
    assertThat(compressed.length).isLessThan(original.length / 2);
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
      assertThat(in.readAllBytes()).isEqualTo(original);
    }
    assertThat(run(Chunks.of(compressed, 777), Compression.gunzip())).isEqualTo(original);
  }

  @Test
  void gunzipReadsJdkOutputInChunksOfEverySize() throws IOException {
    byte[] original = "hello, gzip! ".repeat(50).getBytes(UTF_8);
    byte[] compressed = jdkGzip(original);
    for (int size = 1; size <= 40; size++) {
      assertThat(run(Chunks.of(compressed, size), Compression.gunzip()))
          .as("chunks of %d", size)
          .isEqualTo(original);
    }
  }

  @Test
  void gunzipReadsOptionalHeaderFieldsAndSeveralMembers() throws IOException {
    byte[] first = jdkGzip("first ".getBytes(UTF_8));
    // Rebuild the first member with FEXTRA, FNAME, FCOMMENT and FHCRC set.
    ByteArrayOutputStream member = new ByteArrayOutputStream();
    member.write(new byte[] {0x1f, (byte) 0x8b, 8, 0x1e, 0, 0, 0, 0, 0, (byte) 0xff});
    member.write(new byte[] {3, 0, 'x', 'y', 'z'}); // FEXTRA, 3 bytes
    member.writeBytes("name.txt\0".getBytes(UTF_8));
    member.writeBytes("a comment\0".getBytes(UTF_8));
    member.write(new byte[] {0x12, 0x34}); // FHCRC (not checked)
    member.write(first, 10, first.length - 10);
    byte[] second = jdkGzip("second".getBytes(UTF_8));
    byte[] both = new byte[member.size() + second.length];
    System.arraycopy(member.toByteArray(), 0, both, 0, member.size());
    System.arraycopy(second, 0, both, member.size(), second.length);
    for (int size = 1; size <= both.length; size += 3) {
      assertThat(new String(run(Chunks.of(both, size), Compression.gunzip()), UTF_8))
          .isEqualTo("first second");
    }
  }

  @Test
  void deflateIsZlibWrappedAndRoundTrips() throws IOException {
    byte[] original = sample(100_000);
    byte[] compressed = run(Chunks.of(original, 4096), Compression.deflate());
    try (InflaterInputStream in = new InflaterInputStream(new ByteArrayInputStream(compressed))) {
      assertThat(in.readAllBytes()).isEqualTo(original);
    }
    ByteArrayOutputStream jdk = new ByteArrayOutputStream();
    try (DeflaterOutputStream out = new DeflaterOutputStream(jdk)) {
      out.write(original);
    }
    assertThat(run(Chunks.of(jdk.toByteArray(), 333), Compression.inflate())).isEqualTo(original);
  }

  @Test
  void compressesEmptyInputToAValidStream() throws IOException {
    byte[] empty = run(Flux.empty(), Compression.gzip());
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(empty))) {
      assertThat(in.readAllBytes()).isEmpty();
    }
    assertThat(run(Chunks.cut(empty), Compression.gunzip())).isEmpty();
  }

  @Test
  void flushingEachChunkMakesEverythingSentSoFarDecodable() {
    CompressionOptions flushing = CompressionOptions.defaults().withFlushEachChunk(true);
    List<ByteBuffer> out =
        Flux.just("first message|", "second")
            .map(s -> ByteBuffer.wrap(s.getBytes(UTF_8)))
            .transform(Compression.deflate(flushing))
            .collectList()
            .block(TIMEOUT);
    // The first input chunk is complete in the output before the stream ends.
    assertThat(out).hasSizeGreaterThanOrEqualTo(2);
    java.util.zip.Inflater inflater = new java.util.zip.Inflater();
    try {
      inflater.setInput(out.get(0).duplicate());
      ByteBuffer decoded = ByteBuffer.allocate(100);
      inflater.inflate(decoded);
      assertThat(new String(decoded.array(), 0, decoded.position(), UTF_8))
          .isEqualTo("first message|");
    } catch (java.util.zip.DataFormatException e) {
      throw new AssertionError(e);
    } finally {
      inflater.end();
    }
  }

  @Test
  void emitsCompressedChunksOfTheConfiguredSize() {
    List<ByteBuffer> out =
        Chunks.of(sample(1_000_000), 65536)
            .transform(Compression.gzip(CompressionOptions.defaults().withChunkSize(1024)))
            .collectList()
            .block(TIMEOUT);
    assertThat(out.subList(0, out.size() - 1)).allMatch(chunk -> chunk.remaining() == 1024);
    assertThat(out.get(out.size() - 1).remaining()).isBetween(1, 1024);
  }

  @Test
  void inflatesOnlyWhatIsRequestedFromAHighlyCompressedInput() {
    // 64 MiB of zeros compress to about 64 KiB: one input chunk expands a thousand times.
    byte[] bomb = run(Flux.range(0, 64).map(i -> ByteBuffer.allocate(1 << 20)), Compression.gzip());
    assertThat(bomb.length).isLessThan(128 * 1024);
    AtomicLong inputRequested = new AtomicLong();
    AtomicLong emitted = new AtomicLong();
    Flux<ByteBuffer> source = Chunks.of(bomb, bomb.length).doOnRequest(inputRequested::addAndGet);
    StepVerifier.create(
            source.transform(Compression.gunzip(4096)).doOnNext(b -> emitted.incrementAndGet()), 0)
        .thenRequest(3)
        .expectNextCount(3)
        .then(
            () -> {
              assertThat(emitted.get()).isEqualTo(3);
              assertThat(inputRequested.get()).isLessThanOrEqualTo(2);
            })
        .thenCancel()
        .verify(TIMEOUT);
  }

  @Test
  void failsOnDataThatIsNotGzip() {
    StepVerifier.create(Chunks.cut("plain text".getBytes(UTF_8)).transform(Compression.gunzip()))
        .expectErrorSatisfies(
            e -> assertThat(e).isInstanceOf(ZipException.class).hasMessageContaining("GZIP format"))
        .verify(TIMEOUT);
  }

  @Test
  void failsOnACorruptChecksum() throws IOException {
    byte[] compressed = jdkGzip("some content".getBytes(UTF_8));
    compressed[compressed.length - 8] ^= 0x01;
    StepVerifier.create(Chunks.cut(compressed, 7).transform(Compression.gunzip()))
        .expectNextCount(1)
        .expectErrorSatisfies(
            e -> assertThat(e).isInstanceOf(ZipException.class).hasMessageContaining("CRC-32"))
        .verify(TIMEOUT);
  }

  @Test
  void failsOnCorruptDeflateData() throws IOException {
    byte[] compressed = jdkGzip(sample(10_000));
    for (int i = 20; i < 40; i++) {
      compressed[i] = (byte) 0xff;
    }
    StepVerifier.create(Chunks.cut(compressed).transform(Compression.gunzip()).then())
        .expectError(ZipException.class)
        .verify(TIMEOUT);
  }

  @Test
  void failsWithEofOnTruncatedOrEmptyInput() throws IOException {
    byte[] compressed = jdkGzip(sample(10_000));
    byte[] truncated = Arrays.copyOf(compressed, compressed.length - 3);
    StepVerifier.create(Chunks.of(truncated, 100).transform(Compression.gunzip()).then())
        .expectError(EOFException.class)
        .verify(TIMEOUT);
    StepVerifier.create(Flux.<ByteBuffer>empty().transform(Compression.gunzip()))
        .expectError(EOFException.class)
        .verify(TIMEOUT);
    StepVerifier.create(Flux.<ByteBuffer>empty().transform(Compression.inflate()))
        .expectError(EOFException.class)
        .verify(TIMEOUT);
  }

  @Test
  void failsOnGarbageAfterADeflateStreamOrAGzipMember() throws IOException {
    byte[] deflated = run(Chunks.cut("x".getBytes(UTF_8)), Compression.deflate());
    byte[] withGarbage = Arrays.copyOf(deflated, deflated.length + 2);
    StepVerifier.create(Chunks.cut(withGarbage).transform(Compression.inflate()))
        .expectNextCount(1)
        .expectError(ZipException.class)
        .verify(TIMEOUT);
    byte[] gz = jdkGzip("x".getBytes(UTF_8));
    byte[] gzGarbage = Arrays.copyOf(gz, gz.length + 2);
    StepVerifier.create(Chunks.cut(gzGarbage).transform(Compression.gunzip()))
        .expectNextCount(1)
        .expectError(ZipException.class)
        .verify(TIMEOUT);
  }

  @Test
  void writesTheCrcAndLengthOfTheInputInTheGzipTrailer() {
    byte[] original = sample(5000);
    byte[] compressed = run(Chunks.of(original, 1000), Compression.gzip());
    ByteBuffer trailer =
        ByteBuffer.wrap(compressed, compressed.length - 8, 8)
            .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    CRC32 crc = new CRC32();
    crc.update(original);
    assertThat(trailer.getInt() & 0xFFFFFFFFL).isEqualTo(crc.getValue());
    assertThat(trailer.getInt()).isEqualTo(original.length);
  }

  @Test
  void rejectsInvalidOptions() {
    assertThatThrownBy(() -> CompressionOptions.defaults().withLevel(10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("level must be between -1 and 9, was 10");
    assertThatThrownBy(() -> Compression.gunzip(10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxChunkSize must be >= 64 bytes, was 10");
  }
}
