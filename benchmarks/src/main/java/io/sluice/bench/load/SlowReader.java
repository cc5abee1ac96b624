package io.sluice.bench.load;

import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * One client reading a streamed response at a fixed rate: it takes a chunk, then waits until its
 * running total is back on schedule ({@code bytes / rate} since the first byte) before it asks for
 * the next one. While it waits nothing is read from the socket, so TCP flow control holds the
 * server back, as with a client on a slow link.
 *
 * <p>The client's receive buffer is kept small by the caller so that data parked in the socket
 * cannot hide a stalled server for long.
 */
final class SlowReader {

  private final int index;
  private final long bytesPerSecond;
  private final AtomicLong bytes = new AtomicLong();
  private volatile long firstByteNanos;
  private volatile long lastChunkNanos;
  private volatile long longestGapNanos;
  private volatile long bytesAtMark;
  private volatile long markNanos;
  private volatile int status;
  private volatile String outcome = "running";

  SlowReader(int index, long bytesPerSecond) {
    this.index = index;
    this.bytesPerSecond = bytesPerSecond;
  }

  /**
   * Reads {@code uri} until the response ends, fails or the returned publisher is cancelled.
   *
   * @param client the client, whose connections are not pooled
   * @param uri the path and query
   * @return completes when the response ends
   */
  Mono<Void> read(HttpClient client, String uri) {
    long started = System.nanoTime();
    return client
        .get()
        .uri(uri)
        .response(
            (response, body) -> {
              status = response.status().code();
              return body.map(this::arrived).concatMap(this::keepPace, 1);
            })
        .then()
        .doOnSuccess(done -> outcome = "completed")
        .doOnError(error -> outcome = "failed: " + error)
        .doFirst(() -> lastChunkNanos = started);
  }

  private int arrived(ByteBuf chunk) {
    long now = System.nanoTime();
    int size = chunk.readableBytes();
    if (firstByteNanos == 0) {
      firstByteNanos = now;
    } else if (markNanos != 0) {
      longestGapNanos = Math.max(longestGapNanos, now - lastChunkNanos);
    }
    lastChunkNanos = now;
    bytes.addAndGet(size);
    return size;
  }

  private Mono<Integer> keepPace(int size) {
    long due = firstByteNanos + bytes.get() * 1_000_000_000L / bytesPerSecond;
    long wait = due - System.nanoTime();
    return wait <= 0 ? Mono.just(size) : Mono.delay(Duration.ofNanos(wait)).thenReturn(size);
  }

  /** Starts the measured window: bytes and gaps are counted from now. */
  void mark() {
    bytesAtMark = bytes.get();
    long now = System.nanoTime();
    markNanos = now;
    if (firstByteNanos != 0) {
      lastChunkNanos = Math.max(lastChunkNanos, now);
    }
  }

  /** The rate since {@link #mark()}, in bytes per second. */
  double rateSinceMark(long nowNanos) {
    long elapsed = nowNanos - markNanos;
    return elapsed <= 0 ? 0 : (bytes.get() - bytesAtMark) * 1e9 / elapsed;
  }

  /**
   * The longest wait between two chunks since {@link #mark()} (or since the mark, if none came).
   */
  Duration longestGap(long nowNanos) {
    long sinceLast = markNanos == 0 ? 0 : nowNanos - Math.max(lastChunkNanos, markNanos);
    return Duration.ofNanos(Math.max(longestGapNanos, sinceLast));
  }

  /** From {@code startNanos} to the first byte of the body; a day if none came. */
  Duration timeToFirstByte(long startNanos) {
    return firstByteNanos == 0 ? Duration.ofDays(1) : Duration.ofNanos(firstByteNanos - startNanos);
  }

  boolean receivedAny() {
    return firstByteNanos != 0;
  }

  long bytes() {
    return bytes.get();
  }

  int status() {
    return status;
  }

  String outcome() {
    return outcome;
  }

  int index() {
    return index;
  }
}
