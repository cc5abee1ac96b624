package io.sluice.net.ws;

import io.sluice.net.EventLoops;
import io.sluice.net.internal.WebSocketSessionAdapter;
import java.net.URI;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;

/**
 * A WebSocket client: an immutable builder whose {@link #connect(URI, WebSocketHandler)} opens a
 * session per subscription.
 *
 * <pre>{@code
 * WebSocketClient.create()
 *     .connect(URI.create("ws://localhost:8080/live"),
 *         session -> session.receive().map(WebSocketMessage::text).doOnNext(log::info).then())
 *     .block();
 * }</pre>
 *
 * <p>{@code wss:} URIs use TLS with the JDK's default trust store.
 */
public final class WebSocketClient {

  /** The default largest message, 64 KiB. */
  public static final int DEFAULT_MAX_MESSAGE_SIZE = 64 * 1024;

  private final @Nullable EventLoops eventLoops;
  private final int maxMessageSize;

  private WebSocketClient(@Nullable EventLoops eventLoops, int maxMessageSize) {
    this.eventLoops = eventLoops;
    this.maxMessageSize = maxMessageSize;
  }

  /**
   * Returns a client with the defaults.
   *
   * @return a new client configuration
   */
  public static WebSocketClient create() {
    return new WebSocketClient(null, DEFAULT_MAX_MESSAGE_SIZE);
  }

  /**
   * Sets the event loops connections run on; the client does not dispose of them.
   *
   * <p>Default: Reactor Netty's global HTTP loops.
   *
   * @param eventLoops the loops
   * @return a new client configuration
   */
  public WebSocketClient eventLoops(EventLoops eventLoops) {
    return new WebSocketClient(Objects.requireNonNull(eventLoops, "eventLoops"), maxMessageSize);
  }

  /**
   * Sets the largest inbound message, fragments joined, in bytes; a larger one fails {@link
   * WebSocketSession#receive()} and closes the session with {@code 1009}.
   *
   * <p>Default: {@value #DEFAULT_MAX_MESSAGE_SIZE} bytes.
   *
   * @param bytes at least 125
   * @return a new client configuration
   * @throws IllegalArgumentException if smaller than 125
   */
  public WebSocketClient maxMessageSize(int bytes) {
    if (bytes < 125) {
      throw new IllegalArgumentException("maxMessageSize must be at least 125, but was " + bytes);
    }
    return new WebSocketClient(eventLoops, bytes);
  }

  /**
   * Connects and runs a handler on the session.
   *
   * <p>Completes when the handler's {@code Mono} completes (the session is then closed with {@code
   * 1000}). Errors: the handshake failure (refused connection, non-101 answer) or the handler's
   * error. Cancellation closes the connection.
   *
   * @param uri a {@code ws:} or {@code wss:} URI
   * @param handler the session handler
   * @return a {@code Mono} that connects on subscribe
   * @throws IllegalArgumentException if the URI scheme is not {@code ws} or {@code wss}
   */
  public Mono<Void> connect(URI uri, WebSocketHandler handler) {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(handler, "handler");
    String scheme = uri.getScheme();
    if (!"ws".equalsIgnoreCase(scheme) && !"wss".equalsIgnoreCase(scheme)) {
      throw new IllegalArgumentException("uri must be ws: or wss:, but was " + uri);
    }
    int max = maxMessageSize;
    return Mono.defer(
        () -> {
          HttpClient client = HttpClient.create();
          EventLoops loops = eventLoops;
          if (loops != null) {
            client = client.runOn(loops.loopResources(), loops.isNative());
          }
          if ("wss".equalsIgnoreCase(scheme)) {
            client = client.secure();
          }
          return client
              .websocket(WebsocketClientSpec.builder().maxFramePayloadLength(max).build())
              .uri(uri)
              .handle((in, out) -> handler.handle(new WebSocketSessionAdapter(in, out, max)))
              .then();
        });
  }
}
