package io.sluice.demo.readings;

import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The wire formats readings are uploaded and downloaded in. */
public enum ReadingFormat {
  /**
   * One JSON object per line: {@code {"stationId":"oslo-1","recordedAt":"2026-01-01T10:00:00Z",
   * "temperature":4.5,"humidity":81,"pressure":1013.2}}.
   */
  NDJSON("application/x-ndjson"),
  /**
   * Comma-separated values with a header row naming the columns {@code
   * stationId,recordedAt,temperature,humidity,pressure} in any order.
   */
  CSV("text/csv");

  private final String mediaType;

  ReadingFormat(String mediaType) {
    this.mediaType = mediaType;
  }

  /**
   * Returns the media type, without parameters.
   *
   * @return for example {@code application/x-ndjson}
   */
  public String mediaType() {
    return mediaType;
  }

  /**
   * Picks the format of an upload from its {@code Content-Type}: {@code application/x-ndjson},
   * {@code application/jsonl} or {@code application/json} (one value per line) for NDJSON, {@code
   * text/csv} for CSV. Parameters such as {@code charset} are ignored (both formats are UTF-8).
   *
   * @param contentType the header value, or null if absent
   * @return the format, empty if the type is absent or neither
   */
  public static Optional<ReadingFormat> ofContentType(@Nullable String contentType) {
    if (contentType == null) {
      return Optional.empty();
    }
    int semicolon = contentType.indexOf(';');
    String type =
        (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
            .strip()
            .toLowerCase(Locale.ROOT);
    return switch (type) {
      case "application/x-ndjson", "application/ndjson", "application/jsonl", "application/json" ->
          Optional.of(NDJSON);
      case "text/csv" -> Optional.of(CSV);
      default -> Optional.empty();
    };
  }
}
