package io.sluice.net.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.sluice.net.ws.WebSocketCloseStatus;
import io.sluice.net.ws.WebSocketMessage;
import io.sluice.net.ws.WebSocketSession;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * A {@link WebSocketSession} over Reactor Netty's WebSocket inbound and outbound, for servers and
 * clients alike. Frames are copied into owned messages at the edge and released by the transport.
 */
public final class WebSocketSessionAdapter implements WebSocketSession {

  private final WebsocketInbound inbound;
  private final WebsocketOutbound outbound;
  private final int maxMessageSize;
  private final AtomicBoolean received = new AtomicBoolean();

  /**
   * Adapts an open WebSocket connection.
   *
   * @param inbound the inbound side
   * @param outbound the outbound side
   * @param maxMessageSize the largest message, fragments aggregated, in bytes
   */
  public WebSocketSessionAdapter(
      WebsocketInbound inbound, WebsocketOutbound outbound, int maxMessageSize) {
    this.inbound = inbound;
    this.outbound = outbound;
    this.maxMessageSize = maxMessageSize;
  }

  @Override
  public Flux<WebSocketMessage> receive() {
    return Flux.defer(
        () -> {
          if (!received.compareAndSet(false, true)) {
            return Flux.error(
                new IllegalStateException("The inbound messages can be subscribed once"));
          }
          return inbound
              .aggregateFrames(maxMessageSize)
              .receiveFrames()
              .handle(
                  (frame, sink) -> {
                    WebSocketMessage message = toMessage(frame);
                    if (message != null) {
                      sink.next(message);
                    }
                  });
        });
  }

  @Override
  public Mono<Void> send(Publisher<WebSocketMessage> messages) {
    Objects.requireNonNull(messages, "messages");
    return outbound.sendObject(Flux.from(messages).map(WebSocketSessionAdapter::toFrame)).then();
  }

  @Override
  public Mono<Void> close(WebSocketCloseStatus status) {
    Objects.requireNonNull(status, "status");
    if (!status.isSendable()) {
      return Mono.error(
          new IllegalArgumentException("status " + status.code() + " may not be sent"));
    }
    return outbound.sendClose(status.code(), status.reason());
  }

  @Override
  public Mono<WebSocketCloseStatus> closeStatus() {
    return inbound
        .receiveCloseStatus()
        .map(status -> new WebSocketCloseStatus(status.code(), status.reasonText()))
        .defaultIfEmpty(WebSocketCloseStatus.ABNORMAL_CLOSURE);
  }

  private static @org.jspecify.annotations.Nullable WebSocketMessage toMessage(
      WebSocketFrame frame) {
    ByteBuf content = frame.content();
    if (frame instanceof TextWebSocketFrame) {
      return WebSocketMessage.text(content.toString(StandardCharsets.UTF_8));
    }
    if (frame instanceof BinaryWebSocketFrame) {
      return WebSocketMessage.binary(content.nioBuffer());
    }
    if (frame instanceof PingWebSocketFrame) {
      return WebSocketMessage.ping(content.nioBuffer());
    }
    if (frame instanceof PongWebSocketFrame) {
      return WebSocketMessage.pong(content.nioBuffer());
    }
    return null;
  }

  private static WebSocketFrame toFrame(WebSocketMessage message) {
    ByteBuf payload = Unpooled.wrappedBuffer(message.payload());
    return switch (message.type()) {
      case TEXT -> new TextWebSocketFrame(payload);
      case BINARY -> new BinaryWebSocketFrame(payload);
      case PING -> new PingWebSocketFrame(payload);
      case PONG -> new PongWebSocketFrame(payload);
    };
  }
}
