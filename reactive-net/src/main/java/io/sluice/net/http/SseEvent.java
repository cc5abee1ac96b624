package io.sluice.net.http;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One server-sent event: {@code data} with an optional {@code id}, {@code event} name and {@code
 * retry} hint, or a comment. Immutable; {@code with...} methods return a changed copy.
 *
 * <pre>{@code
 * SseEvent.data("{\"price\":12}").withId("42").withEvent("tick")
 * }</pre>
 *
 * <p>Multi-line data is sent as several {@code data:} lines, which the client joins with newlines.
 * An id must not hold a newline or NUL, an event name no newline.
 */
public final class SseEvent {

  private final @Nullable String id;
  private final @Nullable String event;
  private final @Nullable String data;
  private final @Nullable Duration retry;
  private final @Nullable String comment;

  private SseEvent(
      @Nullable String id,
      @Nullable String event,
      @Nullable String data,
      @Nullable Duration retry,
      @Nullable String comment) {
    this.id = id;
    this.event = event;
    this.data = data;
    this.retry = retry;
    this.comment = comment;
  }

  /**
   * Creates an event carrying data.
   *
   * @param data the data, possibly multi-line
   * @return an event without id, name or retry
   */
  public static SseEvent data(String data) {
    return new SseEvent(null, null, Objects.requireNonNull(data, "data"), null, null);
  }

  /**
   * Creates a comment, which clients ignore (useful to keep a connection alive).
   *
   * @param comment the comment text, one line
   * @return a comment event
   * @throws IllegalArgumentException if the comment holds a line break
   */
  public static SseEvent comment(String comment) {
    Objects.requireNonNull(comment, "comment");
    requireSingleLine("comment", comment);
    return new SseEvent(null, null, null, null, comment);
  }

  /**
   * Returns a copy with an id, which the client sends back as {@code Last-Event-ID} when it
   * reconnects.
   *
   * @param id the id, without line breaks or NUL
   * @return a changed copy
   * @throws IllegalArgumentException if the id holds a line break or NUL
   */
  public SseEvent withId(String id) {
    Objects.requireNonNull(id, "id");
    requireSingleLine("id", id);
    if (id.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("id must not hold NUL");
    }
    return new SseEvent(id, event, data, retry, comment);
  }

  /**
   * Returns a copy with an event name; clients dispatch it to listeners of that name.
   *
   * @param event the name, without line breaks
   * @return a changed copy
   * @throws IllegalArgumentException if the name holds a line break
   */
  public SseEvent withEvent(String event) {
    Objects.requireNonNull(event, "event");
    requireSingleLine("event", event);
    return new SseEvent(id, event, data, retry, comment);
  }

  /**
   * Returns a copy that tells the client how long to wait before reconnecting.
   *
   * @param retry a positive duration, sent in whole milliseconds
   * @return a changed copy
   * @throws IllegalArgumentException if the duration is not positive
   */
  public SseEvent withRetry(Duration retry) {
    Objects.requireNonNull(retry, "retry");
    if (retry.isNegative() || retry.isZero()) {
      throw new IllegalArgumentException("retry must be positive, but was " + retry);
    }
    return new SseEvent(id, event, data, retry, comment);
  }

  /**
   * Returns the id.
   *
   * @return the id, or {@code null}
   */
  public @Nullable String id() {
    return id;
  }

  /**
   * Returns the event name.
   *
   * @return the name, or {@code null}
   */
  public @Nullable String event() {
    return event;
  }

  /**
   * Returns the data.
   *
   * @return the data, or {@code null} for a comment
   */
  public @Nullable String data() {
    return data;
  }

  /**
   * Returns the reconnection delay hint.
   *
   * @return the hint, or {@code null}
   */
  public @Nullable Duration retry() {
    return retry;
  }

  /**
   * Returns the comment.
   *
   * @return the comment, or {@code null} for an event with data
   */
  public @Nullable String comment() {
    return comment;
  }

  /**
   * Returns the event in the {@code text/event-stream} wire format, ending with a blank line.
   *
   * @return the encoded event
   */
  public String encode() {
    StringBuilder out = new StringBuilder();
    if (comment != null) {
      out.append(':').append(comment).append('\n');
    }
    if (id != null) {
      out.append("id:").append(id).append('\n');
    }
    if (event != null) {
      out.append("event:").append(event).append('\n');
    }
    if (retry != null) {
      out.append("retry:").append(retry.toMillis()).append('\n');
    }
    if (data != null) {
      int start = 0;
      for (int i = 0; i <= data.length(); i++) {
        if (i == data.length() || data.charAt(i) == '\n' || data.charAt(i) == '\r') {
          out.append("data:").append(data, start, i).append('\n');
          if (i < data.length() - 1 && data.charAt(i) == '\r' && data.charAt(i + 1) == '\n') {
            i++;
          }
          start = i + 1;
        }
      }
    }
    return out.append('\n').toString();
  }

  @Override
  public String toString() {
    return "SseEvent" + encode().strip().replace('\n', '|');
  }

  private static void requireSingleLine(String name, String value) {
    if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
      throw new IllegalArgumentException(name + " must not hold a line break, but was: " + value);
    }
  }
}
