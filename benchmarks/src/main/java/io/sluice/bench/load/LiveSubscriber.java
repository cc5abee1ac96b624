package io.sluice.bench.load;

import java.util.function.ObjLongConsumer;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * One client of {@code GET /api/live} (server-sent events): it splits the stream into lines and
 * hands every {@code data:} line to a listener with the time its chunk arrived. Lines split across
 * chunks are joined.
 */
final class LiveSubscriber {

  private final StringBuilder partial = new StringBuilder();
  private final ObjLongConsumer<String> onData;
  private volatile int status;

  /**
   * @param onData called with each {@code data:} line's value and the arrival time of its chunk
   *     ({@link System#nanoTime()}), on the connection's event loop
   */
  LiveSubscriber(ObjLongConsumer<String> onData) {
    this.onData = onData;
  }

  /**
   * Subscribes and reads until the stream ends or the returned publisher is cancelled.
   *
   * @param client the client, whose connections are not pooled
   * @return completes when the server ends the stream
   */
  Mono<Void> listen(HttpClient client) {
    return client
        .headers(headers -> headers.set("Accept", "text/event-stream"))
        .get()
        .uri("/api/live")
        .response(
            (response, body) -> {
              status = response.status().code();
              return body.asString().doOnNext(this::chunk);
            })
        .then();
  }

  private void chunk(String text) {
    long arrived = System.nanoTime();
    partial.append(text);
    int start = 0;
    int newline;
    while ((newline = partial.indexOf("\n", start)) >= 0) {
      if (newline - start >= 5 && "data:".contentEquals(partial.subSequence(start, start + 5))) {
        onData.accept(partial.substring(start + 5, newline).strip(), arrived);
      }
      start = newline + 1;
    }
    partial.delete(0, start);
  }

  /** The response status, 0 until the headers arrived. */
  int status() {
    return status;
  }
}
