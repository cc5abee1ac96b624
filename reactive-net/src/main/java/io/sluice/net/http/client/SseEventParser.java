package io.sluice.net.http.client;

import java.time.Duration;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Interprets the lines of one {@code text/event-stream} connection as the HTML standard's event
 * stream parser does: fields {@code event}, {@code data}, {@code id} and {@code retry}, comments
 * starting with {@code :}, an event dispatched at each blank line, an unfinished event discarded at
 * the end. The last event ID and the reconnection time go to the {@link SseSession}.
 */
final class SseEventParser {

  private final SseSession session;
  private final int maxEventSize;
  private final Supplier<? extends RuntimeException> tooLarge;
  private final StringBuilder data = new StringBuilder();
  private @Nullable String eventType;
  private @Nullable String idBuffer;
  private boolean first = true;

  SseEventParser(
      SseSession session, int maxEventSize, Supplier<? extends RuntimeException> tooLarge) {
    this.session = session;
    this.maxEventSize = maxEventSize;
    this.tooLarge = tooLarge;
    this.idBuffer = session.lastEventId();
  }

  /** Consumes one line; returns the event it dispatches, if any. */
  @Nullable ServerSentEvent accept(String line) {
    if (first) {
      first = false;
      if (line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
    }
    if (line.isEmpty()) {
      return dispatch();
    }
    if (line.charAt(0) == ':') {
      return null;
    }
    int colon = line.indexOf(':');
    String field = colon < 0 ? line : line.substring(0, colon);
    String value = colon < 0 ? "" : line.substring(colon + 1);
    if (value.startsWith(" ")) {
      value = value.substring(1);
    }
    switch (field) {
      case "event" -> eventType = value;
      case "data" -> {
        if ((long) data.length() + value.length() + 1 > maxEventSize) {
          data.setLength(0);
          throw tooLarge.get();
        }
        data.append(value).append('\n');
      }
      case "id" -> {
        if (value.indexOf('\0') < 0) {
          idBuffer = value;
        }
      }
      case "retry" -> retry(value);
      default -> {
        // Unknown fields are ignored, as the standard says.
      }
    }
    return null;
  }

  private void retry(String value) {
    if (value.isEmpty() || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return;
    }
    try {
      session.reconnectDelay(Duration.ofMillis(Long.parseLong(value)));
    } catch (NumberFormatException e) {
      // More digits than a long holds: ignored like any invalid retry value.
    }
  }

  private @Nullable ServerSentEvent dispatch() {
    session.lastEventId(idBuffer);
    if (data.length() == 0) {
      eventType = null;
      return null;
    }
    data.setLength(data.length() - 1);
    String id = idBuffer;
    ServerSentEvent event =
        new ServerSentEvent(
            id == null || id.isEmpty() ? null : id,
            eventType == null || eventType.isEmpty() ? "message" : eventType,
            data.toString());
    data.setLength(0);
    eventType = null;
    session.eventReceived();
    return event;
  }
}
