package io.sluice.net.ws;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** An open WebSocket connection: a stream of messages in, a stream of messages out. */
public interface WebSocketSession {

  /**
   * Returns the messages the peer sends; fragmented messages arrive whole, pings are answered with
   * pongs automatically, pongs are delivered.
   *
   * <p>Backpressure: the socket is read only while messages are requested, so a slow consumer slows
   * the peer through TCP flow control. Cancellation: stops reading. Completes when the peer closes;
   * fails with {@code io.netty.handler.codec.TooLongFrameException} (the session then closes with
   * {@code 1009}) for a message over the maximum size. Can be subscribed once.
   *
   * @return the inbound messages, owned by the subscriber
   */
  Flux<WebSocketMessage> receive();

  /**
   * Sends messages to the peer as they come.
   *
   * <p>Backpressure: messages are requested while the connection is writable. Cancellation:
   * cancelling the returned {@code Mono} cancels {@code messages}, which is also cancelled when the
   * connection closes.
   *
   * @param messages the messages to send
   * @return a {@code Mono} completing when all messages were written
   */
  Mono<Void> send(Publisher<WebSocketMessage> messages);

  /**
   * Sends a close frame with a status; the peer answers with its own and the connection closes.
   *
   * @param status the close status
   * @return a {@code Mono} completing when the close frame was written
   */
  Mono<Void> close(WebSocketCloseStatus status);

  /**
   * Returns the status with which the session closed: the peer's close frame, or {@link
   * WebSocketCloseStatus#ABNORMAL_CLOSURE} if the connection dropped without one.
   *
   * @return a {@code Mono} emitting the status once the session is closed
   */
  Mono<WebSocketCloseStatus> closeStatus();
}
