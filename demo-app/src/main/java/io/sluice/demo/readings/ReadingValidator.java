package io.sluice.demo.readings;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/**
 * Checks a reading as it arrived: station id non-empty and at most {@value #MAX_STATION_ID_LENGTH}
 * characters, a timestamp in ISO-8601 with an offset, finite temperature and pressure, humidity
 * from 0 to 100.
 */
final class ReadingValidator {

  /** The longest station id, {@value} characters. */
  static final int MAX_STATION_ID_LENGTH = 64;

  private ReadingValidator() {}

  static ParsedLine validate(long lineNumber, ReadingLine line) {
    String stationId = line.stationId();
    if (stationId == null || stationId.isBlank()) {
      return new ParsedLine.Invalid(lineNumber, "stationId is missing or empty");
    }
    if (stationId.length() > MAX_STATION_ID_LENGTH) {
      return new ParsedLine.Invalid(
          lineNumber,
          "stationId is longer than "
              + MAX_STATION_ID_LENGTH
              + " characters ("
              + stationId.length()
              + ")");
    }
    if (stationId.chars().anyMatch(Character::isISOControl)) {
      return new ParsedLine.Invalid(lineNumber, "stationId must not contain control characters");
    }
    String recordedAt = line.recordedAt();
    if (recordedAt == null || recordedAt.isBlank()) {
      return new ParsedLine.Invalid(lineNumber, "recordedAt is missing");
    }
    Instant instant = parseInstant(recordedAt);
    if (instant == null) {
      return new ParsedLine.Invalid(
          lineNumber,
          "recordedAt is not an ISO-8601 time with an offset, such as 2026-01-01T10:00:00Z: '"
              + abbreviate(recordedAt)
              + "'");
    }
    Double temperature = line.temperature();
    Double humidity = line.humidity();
    Double pressure = line.pressure();
    if (temperature == null || humidity == null || pressure == null) {
      return new ParsedLine.Invalid(
          lineNumber,
          (temperature == null ? "temperature" : humidity == null ? "humidity" : "pressure")
              + " is missing");
    }
    String notFinite =
        !Double.isFinite(temperature)
            ? "temperature"
            : !Double.isFinite(humidity)
                ? "humidity"
                : !Double.isFinite(pressure) ? "pressure" : null;
    if (notFinite != null) {
      return new ParsedLine.Invalid(lineNumber, notFinite + " must be a finite number");
    }
    if (humidity < 0 || humidity > 100) {
      return new ParsedLine.Invalid(
          lineNumber, "humidity must be between 0 and 100, was " + humidity);
    }
    return new ParsedLine.Valid(
        lineNumber, new Reading(stationId, instant, temperature, humidity, pressure));
  }

  private static @Nullable Instant parseInstant(String text) {
    try {
      return OffsetDateTime.parse(text.strip()).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "...";
  }
}
