package io.sluice.bench.fs;

import io.sluice.codec.LineOptions;
import io.sluice.fs.ReactiveFiles;
import io.sluice.fs.ReadOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Reads a 1 GiB text file as chunks and as lines, with Sluice and with the blocking JDK loops a
 * program would otherwise write, in the same run. The file (log-like lines of about 80 bytes, one
 * in ten with a non-ASCII character) is created under {@code java.io.tmpdir} at setup and deleted
 * at teardown; after the first read it is served from the page cache, so this measures the
 * library's overhead, not the disk.
 *
 * <p>Each operation reads the whole file; the score is the time per operation (lower is better).
 *
 * <pre>
 * ./mvnw -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/sluice-benchmarks.jar 'io.sluice.bench.fs' -f 1 -wi 3 -w 2s -i 5 -r 2s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class FileReadBenchmark {

  private static final long FILE_SIZE = 1L << 30;
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  /** Bytes per chunk, for Sluice and for the FileChannel loop alike. */
  @Param({"65536"})
  public int chunkSize;

  private Path file = Path.of("");
  private ReadOptions readOptions = ReadOptions.defaults();

  /** Writes the 1 GiB file. */
  @Setup(Level.Trial)
  public void createFile() throws IOException {
    file = Files.createTempFile("sluice-bench-", ".log");
    readOptions = ReadOptions.defaults().withChunkSize(chunkSize);
    StringBuilder block = new StringBuilder(1 << 20);
    long written = 0;
    long line = 0;
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
      while (written < FILE_SIZE) {
        block.setLength(0);
        while (block.length() < (1 << 20) - 200) {
          block
              .append("2024-05-17T12:34:56.")
              .append(line % 1000)
              .append("Z INFO  [worker-")
              .append(line % 16)
              .append("] request ")
              .append(line)
              .append(" handled in ")
              .append(line % 97)
              .append(" ms")
              .append(line % 10 == 0 ? " café ✓" : " ok")
              .append('\n');
          line++;
        }
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(block.toString());
        written += bytes.remaining();
        while (bytes.hasRemaining()) {
          out.write(bytes);
        }
      }
    }
  }

  /** Deletes the file. */
  @TearDown(Level.Trial)
  public void deleteFile() throws IOException {
    Files.deleteIfExists(file);
  }

  /** Baseline: a blocking FileChannel loop reusing one heap buffer. */
  @Benchmark
  public long blockingFileChannelChunks(Blackhole blackhole) throws IOException {
    long total = 0;
    ByteBuffer buffer = ByteBuffer.allocate(chunkSize);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      int read;
      while ((read = channel.read(buffer)) >= 0) {
        buffer.flip();
        blackhole.consume(buffer);
        total += read;
        buffer.clear();
      }
    }
    return total;
  }

  /**
   * Baseline: the same blocking loop handing over a fresh buffer per chunk, as a producer must when
   * the consumer keeps the chunks (Sluice's ownership rule).
   */
  @Benchmark
  public long blockingFileChannelFreshChunks(Blackhole blackhole) throws IOException {
    long total = 0;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      while (true) {
        ByteBuffer buffer = ByteBuffer.allocate(chunkSize);
        int read = channel.read(buffer);
        if (read < 0) {
          break;
        }
        blackhole.consume(buffer.flip());
        total += read;
      }
    }
    return total;
  }

  /** Sluice: a Flux of fresh chunks read on the bounded elastic scheduler. */
  @Benchmark
  public long reactiveChunks(Blackhole blackhole) {
    return ReactiveFiles.read(file, readOptions)
        .doOnNext(blackhole::consume)
        .map(ByteBuffer::remaining)
        .reduce(0L, Long::sum)
        .blockOptional(TIMEOUT)
        .orElseThrow();
  }

  /** Baseline: BufferedReader.readLine in a blocking loop. */
  @Benchmark
  public long blockingBufferedReaderLines(Blackhole blackhole) throws IOException {
    long lines = 0;
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = reader.readLine()) != null) {
        blackhole.consume(line);
        lines++;
      }
    }
    return lines;
  }

  /** Sluice: a Flux of lines (strict UTF-8 decoding, 1 MiB line limit). */
  @Benchmark
  public long reactiveLines(Blackhole blackhole) {
    return ReactiveFiles.lines(file, readOptions, LineOptions.defaults())
        .doOnNext(blackhole::consume)
        .count()
        .blockOptional(TIMEOUT)
        .orElseThrow();
  }
}
