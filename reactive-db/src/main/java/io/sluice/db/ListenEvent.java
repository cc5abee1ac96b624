package io.sluice.db;

import java.util.Objects;

/**
 * What a {@link Database#listen(String)} subscriber receives: first {@link Listening} once the
 * server listens on the channel for it, then {@link Notification}s, and a {@link Reconnected} after
 * every loss of the listening connection.
 */
public sealed interface ListenEvent {

  /** Returns the channel this event is about. */
  String channel();

  /**
   * The server now listens on the channel: every notification sent from here on reaches this
   * subscriber. Emitted once per subscriber.
   *
   * @param channel the channel
   */
  record Listening(String channel) implements ListenEvent {

    /** Checks the channel is present. */
    public Listening {
      Objects.requireNonNull(channel, "channel");
    }
  }

  /**
   * A notification sent with {@code NOTIFY channel, 'payload'} or {@code pg_notify}.
   *
   * @param channel the channel
   * @param payload the payload, empty if none was sent
   * @param processId the process id of the server backend that sent it
   */
  record Notification(String channel, String payload, int processId) implements ListenEvent {

    /** Checks the channel and payload are present. */
    public Notification {
      Objects.requireNonNull(channel, "channel");
      Objects.requireNonNull(payload, "payload");
    }
  }

  /**
   * The listening connection was lost and is back, listening again on the channel. Notifications
   * sent while it was down <b>were missed</b>: resynchronise from the source of truth (re-read the
   * table) before relying on the notifications that follow.
   *
   * @param channel the channel
   */
  record Reconnected(String channel) implements ListenEvent {

    /** Checks the channel is present. */
    public Reconnected {
      Objects.requireNonNull(channel, "channel");
    }
  }
}
