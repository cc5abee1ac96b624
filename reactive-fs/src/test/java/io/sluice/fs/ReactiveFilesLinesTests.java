package io.sluice.fs;

import static java.nio.charset.StandardCharsets.UTF_16LE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.codec.LineOptions;
import io.sluice.codec.LineTooLongException;
import io.sluice.codec.Lines;
import io.sluice.codec.MalformedTextException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.test.StepVerifier;

class ReactiveFilesLinesTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  @TempDir Path dir;

  @Test
  void readsLinesWithMultiByteCharactersAcrossTinyChunks() throws IOException {
    Path file = Files.writeString(dir.resolve("text.txt"), "\uFEFFé€😀\r\nsecond 中文\nlast");
    for (int chunkSize = 1; chunkSize <= 7; chunkSize++) {
      StepVerifier.create(
              ReactiveFiles.lines(
                  file, ReadOptions.defaults().withChunkSize(chunkSize), LineOptions.defaults()))
          .expectNext("é€😀", "second 中文", "last")
          .verifyComplete();
    }
  }

  @Test
  void readsLinesInOtherCharsets() throws IOException {
    Path file = Files.write(dir.resolve("utf16.txt"), "ein\nzwei\n".getBytes(UTF_16LE));
    StepVerifier.create(ReactiveFiles.lines(file, LineOptions.defaults().withCharset(UTF_16LE)))
        .expectNext("ein", "zwei")
        .verifyComplete();
  }

  @Test
  void failsOnAnOverLongLineWithItsNumber() throws IOException {
    Path file = Files.writeString(dir.resolve("long.txt"), "ok\n" + "x".repeat(5000) + "\nnext\n");
    StepVerifier.create(ReactiveFiles.lines(file, LineOptions.defaults().withMaxLineLength(1000)))
        .expectNext("ok")
        .expectErrorSatisfies(e -> assertThat(((LineTooLongException) e).lineNumber()).isEqualTo(2))
        .verify(TIMEOUT);
  }

  @Test
  void failsOnInvalidUtf8WithTheByteOffset() throws IOException {
    byte[] bytes = {'g', 'o', 'o', 'd', '\n', 'b', (byte) 0xC0, 'd', '\n'};
    Path file = Files.write(dir.resolve("bad.txt"), bytes);
    StepVerifier.create(ReactiveFiles.lines(file))
        .expectNext("good")
        .expectErrorSatisfies(
            e -> {
              MalformedTextException malformed = (MalformedTextException) e;
              assertThat(malformed.byteOffset()).isEqualTo(6);
              assertThat(malformed.lineNumber()).isEqualTo(2);
            })
        .verify(TIMEOUT);
  }

  @Test
  void readsAtMostTwoChunksForTheFirstLine() throws IOException {
    Path file = dir.resolve("many.txt");
    try (FileChannel out =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      byte[] line = "a line of text that repeats\n".getBytes(UTF_8);
      ByteBuffer block = ByteBuffer.allocate(line.length * 10_000);
      for (int i = 0; i < 10_000; i++) {
        block.put(line);
      }
      for (int i = 0; i < 40; i++) {
        out.write(block.flip());
      }
    }
    List<CountingChannel> opened = new ArrayList<>();
    int chunk = 8192;
    StepVerifier.create(
            ReactiveFiles.read(
                    () -> {
                      CountingChannel channel =
                          new CountingChannel(FileChannel.open(file, StandardOpenOption.READ));
                      opened.add(channel);
                      return channel;
                    },
                    ReadOptions.defaults().withChunkSize(chunk))
                .transform(Lines.decoder()),
            0)
        .thenRequest(1)
        .expectNext("a line of text that repeats")
        // The chunk being decoded, plus one requested ahead.
        .then(() -> assertThat(opened.get(0).bytesRead()).isLessThanOrEqualTo(2L * chunk))
        .thenCancel()
        .verify(TIMEOUT);
  }
}
