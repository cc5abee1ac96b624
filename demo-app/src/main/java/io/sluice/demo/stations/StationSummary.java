package io.sluice.demo.stations;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the database knows about a station: its row in {@code stations}, if any, and its readings
 * recorded in a window.
 *
 * @param id the station id
 * @param name the name from the {@code stations} table, if the station is there
 * @param latitude the latitude from the {@code stations} table, if any
 * @param longitude the longitude from the {@code stations} table, if any
 * @param hasReadings whether the station has any readings at all, in or out of the window
 * @param from the start of the window, inclusive
 * @param to the end of the window, when the summary was made
 * @param count the number of readings recorded in the window
 * @param first the earliest reading's time in the window, if any
 * @param last the latest reading's time in the window, if any
 * @param temperature temperature statistics, absent without readings
 * @param humidity humidity statistics, absent without readings
 * @param pressure pressure statistics, absent without readings
 */
public record StationSummary(
    String id,
    @Nullable String name,
    @Nullable Double latitude,
    @Nullable Double longitude,
    boolean hasReadings,
    Instant from,
    Instant to,
    long count,
    @Nullable Instant first,
    @Nullable Instant last,
    @Nullable MeasureStats temperature,
    @Nullable MeasureStats humidity,
    @Nullable MeasureStats pressure) {

  /** Checks the required values. */
  public StationSummary {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
  }

  /**
   * Returns whether the database knows the station at all: it has a {@code stations} row or
   * readings.
   *
   * @return {@code true} if known locally
   */
  public boolean knownLocally() {
    return name != null || hasReadings;
  }
}
