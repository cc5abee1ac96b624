package io.sluice.net.http.client;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One event of a {@code text/event-stream}, as dispatched by the parser of the HTML standard.
 *
 * @param id the last event ID at the time of this event (the {@code id} field of this or an earlier
 *     event), or {@code null} if none was set
 * @param event the event type: the {@code event} field, {@code "message"} when absent
 * @param data the {@code data} fields joined with {@code \n}
 */
public record ServerSentEvent(@Nullable String id, String event, String data) {

  /**
   * Checks the components.
   *
   * @param id the last event ID
   * @param event the event type
   * @param data the data
   */
  public ServerSentEvent {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(data, "data");
  }
}
