package io.sluice.net.http;

import io.sluice.net.ws.WebSocketHandler;
import org.jspecify.annotations.Nullable;

/**
 * One entry of a route table: a method, a path template, what answers it, and its body limit in
 * bytes ({@code -1} for the server's).
 */
record Route(
    String method,
    PathTemplate template,
    @Nullable RequestHandler handler,
    @Nullable WebSocketHandler webSocket,
    long maxBodySize) {

  Route(
      String method,
      PathTemplate template,
      @Nullable RequestHandler handler,
      @Nullable WebSocketHandler webSocket) {
    this(method, template, handler, webSocket, -1);
  }

  Route withMaxBodySize(long bytes) {
    return new Route(method, template, handler, webSocket, bytes);
  }
}
