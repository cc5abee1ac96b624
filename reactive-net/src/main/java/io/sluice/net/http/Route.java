package io.sluice.net.http;

import io.sluice.net.ws.WebSocketHandler;
import org.jspecify.annotations.Nullable;

/** One entry of a route table: a method, a path template and what answers it. */
record Route(
    String method,
    PathTemplate template,
    @Nullable RequestHandler handler,
    @Nullable WebSocketHandler webSocket) {}
