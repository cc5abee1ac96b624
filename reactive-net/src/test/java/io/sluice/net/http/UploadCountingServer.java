package io.sluice.net.http;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.zip.CRC32C;

/**
 * A server for a JVM of its own: {@code POST /count} reads the body as it streams in, and answers
 * {@code <bytes> <crc32c> <max heap>}: how many body bytes arrived, their CRC-32C (hex), and the
 * JVM's maximum heap. Only that route accepts large bodies (the server keeps its 10 MiB default).
 * Prints {@code listening <port>} once bound, then serves until killed.
 */
final class UploadCountingServer {

  /** The route's body limit: above the 1 GiB the test sends. */
  static final long MAX_BODY_SIZE = 2L << 30;

  private UploadCountingServer() {}

  public static void main(String[] args) throws InterruptedException {
    RunningHttpServer server =
        HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .requestTimeout(Duration.ZERO)
            .routes(
                Routes.create()
                    .post(
                        "/count",
                        request ->
                            request
                                .body()
                                .reduceWith(Tally::new, Tally::add)
                                .map(tally -> ServerResponse.text(tally + " " + maxHeap())))
                    .maxBodySize("/count", MAX_BODY_SIZE))
            .bindNow(Duration.ofSeconds(30));
    System.out.println("listening " + server.port());
    System.out.flush();
    server.onDispose().block();
  }

  private static long maxHeap() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
  }

  /** The bytes seen so far and their checksum; each chunk is dropped once added. */
  private static final class Tally {

    private final CRC32C checksum = new CRC32C();
    private long bytes;

    Tally add(ByteBuffer chunk) {
      bytes += chunk.remaining();
      checksum.update(chunk);
      return this;
    }

    @Override
    public String toString() {
      return bytes + " " + Long.toHexString(checksum.getValue());
    }
  }
}
