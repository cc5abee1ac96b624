package io.sluice.demo.readings;

import java.time.Instant;

/**
 * A reading as stored, with the id the database gave it. Ids grow in commit order, so they order
 * the live feed and let a client resume after the last id it saw.
 *
 * @param id the reading's id
 * @param stationId the station
 * @param recordedAt when the station measured it
 * @param temperature degrees Celsius
 * @param humidity relative humidity in percent
 * @param pressure hectopascals
 */
public record StoredReading(
    long id,
    String stationId,
    Instant recordedAt,
    double temperature,
    double humidity,
    double pressure) {}
