package io.sluice.demo.readings;

import java.time.Instant;
import java.util.Objects;

/**
 * One measurement sent by a weather station, validated.
 *
 * @param stationId the station, 1 to {@value ReadingValidator#MAX_STATION_ID_LENGTH} characters
 * @param recordedAt when the station measured it
 * @param temperature degrees Celsius, finite
 * @param humidity relative humidity in percent, 0 to 100
 * @param pressure hectopascals, finite
 */
public record Reading(
    String stationId, Instant recordedAt, double temperature, double humidity, double pressure) {

  /** Checks that no component is null. */
  public Reading {
    Objects.requireNonNull(stationId, "stationId");
    Objects.requireNonNull(recordedAt, "recordedAt");
  }
}
