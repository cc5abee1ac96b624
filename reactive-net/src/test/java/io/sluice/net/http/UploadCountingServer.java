package io.sluice.net.http;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * A server for a JVM of its own: {@code POST /count} answers how many body bytes arrived and the
 * JVM's maximum heap. Prints {@code listening <port>} once bound, then serves until killed.
 */
final class UploadCountingServer {

  private UploadCountingServer() {}

  public static void main(String[] args) throws InterruptedException {
    RunningHttpServer server =
        HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .maxBodySize(Long.MAX_VALUE)
            .requestTimeout(Duration.ZERO)
            .routes(
                Routes.create()
                    .post(
                        "/count",
                        request ->
                            request
                                .body()
                                .reduce(0L, (count, chunk) -> count + chunk.remaining())
                                .map(count -> ServerResponse.text(count + " " + maxHeap()))))
            .bindNow(Duration.ofSeconds(30));
    System.out.println("listening " + server.port());
    System.out.flush();
    server.onDispose().block();
  }

  private static long maxHeap() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
  }
}
