package io.sluice.net.http.client;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How {@link ClientRequest#events(SseOptions)} reads and resumes an event stream. Immutable.
 *
 * <p>After the server closes the stream, or the connection fails with an I/O error, the client
 * waits the reconnection time — {@link #reconnectDelay()} until the server sends a {@code retry}
 * field, then the server's value — and sends the request again with a {@code Last-Event-ID} header
 * holding the last event ID received. It stops for good when the server answers 204, another
 * non-2xx status, or a type other than {@code text/event-stream}, or after {@link #maxReconnects()}
 * reconnections in a row without an event.
 */
public final class SseOptions {

  /** The default reconnection time until the server sets one: 3 seconds. */
  public static final Duration DEFAULT_RECONNECT_DELAY = Duration.ofSeconds(3);

  /** The default largest event: 1 MiB. */
  public static final int DEFAULT_MAX_EVENT_SIZE = 1024 * 1024;

  private final Duration reconnectDelay;
  private final long maxReconnects;
  private final int maxEventSize;
  private final @Nullable String lastEventId;

  private SseOptions(
      Duration reconnectDelay, long maxReconnects, int maxEventSize, @Nullable String lastEventId) {
    this.reconnectDelay = reconnectDelay;
    this.maxReconnects = maxReconnects;
    this.maxEventSize = maxEventSize;
    this.lastEventId = lastEventId;
  }

  /**
   * The defaults: reconnect after 3 s without limit, events up to 1 MiB, no initial event ID.
   *
   * @return the default options
   */
  public static SseOptions defaults() {
    return new SseOptions(DEFAULT_RECONNECT_DELAY, Long.MAX_VALUE, DEFAULT_MAX_EVENT_SIZE, null);
  }

  /**
   * Sets the reconnection time used until the server sends a {@code retry} field. Default 3 s.
   *
   * @param reconnectDelay not negative
   * @return a changed copy
   * @throws IllegalArgumentException if negative
   */
  public SseOptions withReconnectDelay(Duration reconnectDelay) {
    Objects.requireNonNull(reconnectDelay, "reconnectDelay");
    if (reconnectDelay.isNegative()) {
      throw new IllegalArgumentException(
          "reconnectDelay must not be negative, but was " + reconnectDelay);
    }
    return new SseOptions(reconnectDelay, maxReconnects, maxEventSize, lastEventId);
  }

  /**
   * Sets how many times in a row the client reconnects without receiving an event before it gives
   * up: the stream then completes (server closed) or fails with the last error. Default: no limit.
   *
   * @param maxReconnects 0 (never reconnect) or more
   * @return a changed copy
   * @throws IllegalArgumentException if negative
   */
  public SseOptions withMaxReconnects(long maxReconnects) {
    if (maxReconnects < 0) {
      throw new IllegalArgumentException(
          "maxReconnects must not be negative, but was " + maxReconnects);
    }
    return new SseOptions(reconnectDelay, maxReconnects, maxEventSize, lastEventId);
  }

  /**
   * Sets the largest event, and the longest line, in bytes. Default 1 MiB; a larger one fails the
   * stream with {@link HttpResponseTooLargeException} (limit {@code "maxEventSize"}), without
   * reconnecting.
   *
   * @param maxEventSize at least 1
   * @return a changed copy
   * @throws IllegalArgumentException if less than 1
   */
  public SseOptions withMaxEventSize(int maxEventSize) {
    if (maxEventSize < 1) {
      throw new IllegalArgumentException(
          "maxEventSize must be at least 1, but was " + maxEventSize);
    }
    return new SseOptions(reconnectDelay, maxReconnects, maxEventSize, lastEventId);
  }

  /**
   * Sets the event ID to send as {@code Last-Event-ID} on the first request, to resume a stream
   * read earlier. Default: none.
   *
   * @param lastEventId the ID
   * @return a changed copy
   */
  public SseOptions withLastEventId(String lastEventId) {
    Objects.requireNonNull(lastEventId, "lastEventId");
    return new SseOptions(reconnectDelay, maxReconnects, maxEventSize, lastEventId);
  }

  /**
   * Returns the initial reconnection time.
   *
   * @return the delay
   */
  public Duration reconnectDelay() {
    return reconnectDelay;
  }

  /**
   * Returns the limit of reconnections in a row without an event.
   *
   * @return the limit; {@link Long#MAX_VALUE} for none
   */
  public long maxReconnects() {
    return maxReconnects;
  }

  /**
   * Returns the largest event in bytes.
   *
   * @return bytes
   */
  public int maxEventSize() {
    return maxEventSize;
  }

  /**
   * Returns the initial {@code Last-Event-ID}.
   *
   * @return the ID, or {@code null}
   */
  public @Nullable String lastEventId() {
    return lastEventId;
  }

  @Override
  public String toString() {
    return "SseOptions[reconnectDelay="
        + reconnectDelay
        + ", maxReconnects="
        + (maxReconnects == Long.MAX_VALUE ? "unlimited" : maxReconnects)
        + ", maxEventSize="
        + maxEventSize
        + ", lastEventId="
        + lastEventId
        + "]";
  }
}
