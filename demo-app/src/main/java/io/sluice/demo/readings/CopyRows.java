package io.sluice.demo.readings;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Encodes readings as rows of PostgreSQL's COPY text format: tab-separated, one row per line, with
 * backslash escapes in the station id.
 */
final class CopyRows {

  private CopyRows() {}

  static ByteBuffer encode(List<Reading> readings) {
    StringBuilder text = new StringBuilder(readings.size() * 80);
    for (Reading reading : readings) {
      escape(reading.stationId(), text);
      text.append('\t')
          .append(reading.recordedAt())
          .append('\t')
          .append(reading.temperature())
          .append('\t')
          .append(reading.humidity())
          .append('\t')
          .append(reading.pressure())
          .append('\n');
    }
    return ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void escape(String value, StringBuilder out) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        default -> out.append(c);
      }
    }
  }
}
