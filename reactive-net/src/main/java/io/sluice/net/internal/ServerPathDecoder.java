package io.sluice.net.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits the path of a request target into percent-decoded segments. Unlike form decoding, a {@code
 * +} stays a {@code +}.
 */
public final class ServerPathDecoder {

  private ServerPathDecoder() {}

  /**
   * Returns the path part of a request target: everything before {@code ?} or {@code #}.
   *
   * @param uri the request target, for example {@code /a/b?x=1}
   * @return the raw path, for example {@code /a/b}
   */
  public static String rawPath(String uri) {
    int end = uri.length();
    for (int i = 0; i < uri.length(); i++) {
      char c = uri.charAt(i);
      if (c == '?' || c == '#') {
        end = i;
        break;
      }
    }
    return uri.substring(0, end);
  }

  /**
   * Splits a raw path on {@code /} and percent-decodes each segment as UTF-8. The leading slash
   * yields no segment; a trailing slash yields a last empty segment.
   *
   * @param rawPath the raw path, starting with {@code /}
   * @return the decoded segments
   * @throws IllegalArgumentException if the path does not start with {@code /}, has a malformed
   *     percent escape or decodes to invalid UTF-8
   */
  public static List<String> segments(String rawPath) {
    if (rawPath.isEmpty() || rawPath.charAt(0) != '/') {
      throw new IllegalArgumentException("The request path must start with '/'");
    }
    List<String> segments = new ArrayList<>();
    int start = 1;
    while (true) {
      int slash = rawPath.indexOf('/', start);
      int end = slash < 0 ? rawPath.length() : slash;
      segments.add(decode(rawPath.substring(start, end)));
      if (slash < 0) {
        break;
      }
      start = slash + 1;
    }
    if (segments.size() == 1 && segments.get(0).isEmpty()) {
      return List.of();
    }
    return segments;
  }

  /**
   * Percent-decodes one path segment as UTF-8.
   *
   * @param segment the raw segment
   * @return the decoded segment
   * @throws IllegalArgumentException on a malformed escape or invalid UTF-8
   */
  public static String decode(String segment) {
    if (segment.indexOf('%') < 0) {
      return segment;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '%') {
        if (i + 2 >= segment.length()) {
          throw new IllegalArgumentException("Malformed percent escape in the request path");
        }
        int high = Character.digit(segment.charAt(i + 1), 16);
        int low = Character.digit(segment.charAt(i + 2), 16);
        if (high < 0 || low < 0) {
          throw new IllegalArgumentException("Malformed percent escape in the request path");
        }
        bytes.write(high << 4 | low);
        i += 2;
      } else if (c < 0x80) {
        bytes.write(c);
      } else {
        byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(encoded, 0, encoded.length);
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("The request path is not valid UTF-8", e);
    }
  }
}
