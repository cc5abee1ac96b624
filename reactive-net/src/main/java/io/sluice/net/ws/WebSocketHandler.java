package io.sluice.net.ws;

import reactor.core.publisher.Mono;

/**
 * Handles one WebSocket session, on the server or the client.
 *
 * <p>The session lasts until the returned {@code Mono} terminates: on completion the connection is
 * closed with {@code 1000} (unless a close was already sent), on error with {@code 1011}.
 *
 * <pre>{@code
 * WebSocketHandler echo = session -> session.send(session.receive());
 * }</pre>
 */
@FunctionalInterface
public interface WebSocketHandler {

  /**
   * Handles a session.
   *
   * @param session the open session
   * @return a {@code Mono} that completes when the session is done
   */
  Mono<Void> handle(WebSocketSession session);
}
