package io.sluice.net.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Does, on the thread that binds a server, the lazy one-time initializations that the first request
 * would otherwise run on an event loop, stalling every connection of that loop:
 *
 * <ul>
 *   <li>Jackson builds a serializer the first time it meets a type; the problem documents every
 *       server writes (a map of strings and numbers) are written once here.
 *   <li>Netty's pooling allocator initializes its Java Flight Recorder event classes on its first
 *       allocation, reallocation and release (the JFR type library: hundreds of milliseconds on an
 *       idle machine, seconds on a busy one); one buffer is allocated, grown and released here.
 * </ul>
 *
 * <p>Both are cheap once done, so every bind may call this.
 */
public final class ServerWarmUp {

  private ServerWarmUp() {}

  /**
   * Runs the initializations.
   *
   * @param mapper the mapper the server writes JSON with
   */
  public static void run(JsonMapper mapper) {
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("type", "about:blank");
    problem.put("status", 500);
    problem.put("line", 1L);
    mapper.writeValueAsBytes(problem);
    ByteBuf buffer = ByteBufAllocator.DEFAULT.directBuffer(16);
    try {
      buffer.writeZero(1024);
    } finally {
      buffer.release();
    }
  }
}
