package io.sluice.net.internal;

import java.nio.charset.StandardCharsets;

/**
 * Writes the small RFC 9457 problem documents the server sends before any application code runs
 * (decoding failures, timeouts), without a JSON library.
 */
public final class ServerProblemJson {

  /** The media type of problem documents. */
  public static final String MEDIA_TYPE = "application/problem+json";

  private ServerProblemJson() {}

  /**
   * Renders a problem document.
   *
   * @param status the HTTP status code
   * @param title the short summary, usually the reason phrase
   * @param detail the explanation for this occurrence
   * @return UTF-8 JSON bytes
   */
  public static byte[] render(int status, String title, String detail) {
    return ("{\"type\":\"about:blank\",\"title\":"
            + quote(title)
            + ",\"status\":"
            + status
            + ",\"detail\":"
            + quote(detail)
            + "}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static String quote(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
