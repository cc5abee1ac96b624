package io.sluice.demo.readings;

import org.jspecify.annotations.Nullable;

/**
 * A reading as it arrives on the wire, before validation: every field may be missing.
 *
 * @param stationId the station
 * @param recordedAt the time, ISO-8601 with an offset ({@code 2026-01-01T10:00:00Z})
 * @param temperature degrees Celsius
 * @param humidity percent
 * @param pressure hectopascals
 */
record ReadingLine(
    @Nullable String stationId,
    @Nullable String recordedAt,
    @Nullable Double temperature,
    @Nullable Double humidity,
    @Nullable Double pressure) {}
