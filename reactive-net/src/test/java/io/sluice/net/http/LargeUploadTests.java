package io.sluice.net.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.net.http.client.HttpClient;
import io.sluice.net.http.client.HttpRetry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * A server in a JVM of its own, with a heap far smaller than the body it receives, and a Sluice
 * client in this JVM streaming a body made on the fly: neither side ever holds it.
 */
class LargeUploadTests {

  private static final long ONE_GIB = 1L << 30;
  private static final long HEAP = 64L << 20;
  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  @Test
  void aOneGibUploadToAServerWithA64MibHeapCompletesWithoutHoldingTheBody() throws Exception {
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + (HEAP >> 20) + "m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                UploadCountingServer.class.getName())
            .redirectErrorStream(true)
            .start();
    ConcurrentLinkedDeque<String> output = new ConcurrentLinkedDeque<>();
    CompletableFuture<Integer> port = new CompletableFuture<>();
    CompletableFuture<Void> drained = CompletableFuture.runAsync(() -> drain(child, output, port));
    HttpClient client = null;
    try {
      int serverPort = port.get(60, TimeUnit.SECONDS);
      client =
          HttpClient.builder()
              .baseUrl("http://127.0.0.1:" + serverPort)
              .responseTimeout(TIMEOUT)
              .retry(HttpRetry.none())
              .build();

      String answer =
          client
              .post("/count")
              .header("Content-Type", "application/octet-stream")
              .body(GeneratedBody.chunks())
              .string()
              .block(TIMEOUT);

      assertThat(child.isAlive()).as("the server JVM is alive; its output: %s", output).isTrue();
      String[] countChecksumHeap = answer.split(" ", -1);
      assertThat(Long.parseLong(countChecksumHeap[0])).as("bytes counted").isEqualTo(ONE_GIB);
      assertThat(countChecksumHeap[1]).as("CRC-32C").isEqualTo(GeneratedBody.checksum());
      assertThat(Long.parseLong(countChecksumHeap[2]))
          .as("the server's maximum heap")
          .isLessThanOrEqualTo(HEAP);
    } finally {
      if (client != null) {
        client.close().block(Duration.ofSeconds(10));
      }
      child.destroyForcibly();
      child.waitFor(10, TimeUnit.SECONDS);
      drained.get(10, TimeUnit.SECONDS);
    }
  }

  /**
   * 1 GiB made on the fly in 1 MiB chunks: a random block, each copy stamped with its index so that
   * a lost, repeated or reordered chunk changes the checksum. At most the chunks in flight exist.
   */
  private static final class GeneratedBody {

    private static final int CHUNK = 1 << 20;
    private static final byte[] BLOCK = randomBlock();

    static Flux<ByteBuffer> chunks() {
      return Flux.range(0, (int) (ONE_GIB / CHUNK)).map(GeneratedBody::chunk);
    }

    /** The CRC-32C of all the chunks, in hex, computed apart from the upload. */
    static String checksum() {
      CRC32C crc = new CRC32C();
      for (int i = 0; i < ONE_GIB / CHUNK; i++) {
        crc.update(chunk(i));
      }
      return Long.toHexString(crc.getValue());
    }

    private static ByteBuffer chunk(int index) {
      return ByteBuffer.wrap(BLOCK.clone()).putInt(0, index);
    }

    private static byte[] randomBlock() {
      byte[] block = new byte[CHUNK];
      new Random(42).nextBytes(block);
      return block;
    }
  }

  /** Reads the child's output: the port it listens on, then anything else, kept for messages. */
  private static void drain(
      Process child, ConcurrentLinkedDeque<String> output, CompletableFuture<Integer> port) {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.startsWith("listening ")) {
          port.complete(Integer.parseInt(line.substring("listening ".length()).strip()));
        } else {
          output.add(line);
          if (output.size() > 50) {
            output.removeFirst();
          }
        }
      }
      port.completeExceptionally(
          new IllegalStateException("the server JVM exited: " + List.copyOf(output)));
    } catch (IOException e) {
      port.completeExceptionally(e);
    }
  }
}
