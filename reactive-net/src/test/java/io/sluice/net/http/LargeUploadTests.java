package io.sluice.net.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A server in a JVM of its own, with a heap far smaller than the body it receives. */
class LargeUploadTests {

  private static final long ONE_GIB = 1L << 30;
  private static final long HEAP = 64L << 20;

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
    try {
      int serverPort = port.get(60, TimeUnit.SECONDS);

      RawHttp.Response response =
          CompletableFuture.supplyAsync(() -> upload(serverPort)).get(90, TimeUnit.SECONDS);

      assertThat(child.isAlive()).as("the server JVM is alive; its output: %s", output).isTrue();
      assertThat(response.status()).isEqualTo(200);
      String[] countAndHeap = response.body().split(" ", -1);
      assertThat(Long.parseLong(countAndHeap[0])).as("bytes counted").isEqualTo(ONE_GIB);
      assertThat(Long.parseLong(countAndHeap[1]))
          .as("the server's maximum heap")
          .isLessThanOrEqualTo(HEAP);
    } finally {
      child.destroyForcibly();
      child.waitFor(10, TimeUnit.SECONDS);
      drained.get(10, TimeUnit.SECONDS);
    }
  }

  /** Streams 1 GiB of generated lines, never holding more than one block, and reads the answer. */
  private static RawHttp.Response upload(int port) {
    byte[] block =
        ("0123456789abcdef".repeat(7) + "0123456789abcde\n")
            .repeat(2048)
            .getBytes(StandardCharsets.US_ASCII);
    try (RawHttp http = new RawHttp(port)) {
      http.socket.setSoTimeout(60_000);
      http.send("POST /count HTTP/1.1\r\nHost: x\r\nContent-Length: " + ONE_GIB + "\r\n\r\n");
      for (long sent = 0; sent < ONE_GIB; sent += block.length) {
        http.out.write(block);
      }
      http.out.flush();
      return http.read();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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
