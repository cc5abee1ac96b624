package io.sluice.net.http.client;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The state an event stream keeps across reconnections: the last event ID, the reconnection time
 * and the count of reconnections without an event. One per subscription to {@link
 * ClientRequest#events(SseOptions)}.
 */
final class SseSession {

  private final long maxReconnects;
  private volatile @Nullable String lastEventId;
  private volatile Duration reconnectDelay;
  private final AtomicLong reconnectsWithoutEvent = new AtomicLong();
  private volatile boolean stopped;

  SseSession(SseOptions options) {
    this.maxReconnects = options.maxReconnects();
    this.lastEventId = options.lastEventId();
    this.reconnectDelay = options.reconnectDelay();
  }

  @Nullable String lastEventId() {
    return lastEventId;
  }

  void lastEventId(@Nullable String id) {
    lastEventId = id;
  }

  void reconnectDelay(Duration delay) {
    reconnectDelay = delay;
  }

  void eventReceived() {
    reconnectsWithoutEvent.set(0);
  }

  /** The server answered 204: do not reconnect. */
  void stop() {
    stopped = true;
  }

  /** Whether to reconnect after the server closed the stream; counts the reconnection. */
  boolean reconnectAfterClose() {
    if (stopped || reconnectsWithoutEvent.get() >= maxReconnects) {
      return false;
    }
    reconnectsWithoutEvent.incrementAndGet();
    return true;
  }

  /** Waits the reconnection time, or fails with {@code error} if it is not worth a reconnection. */
  Mono<Long> reconnectAfterError(Throwable error) {
    if (!(error instanceof IOException)
        || stopped
        || reconnectsWithoutEvent.get() >= maxReconnects) {
      return Mono.error(error);
    }
    reconnectsWithoutEvent.incrementAndGet();
    return delay();
  }

  Mono<Long> delay() {
    return Mono.delay(reconnectDelay);
  }
}
