package io.sluice.demo.stations;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code GET /api/stations/{id}}: the local summary over the window, with the
 * registry's description when the registry answered, and a {@code warning} when it did not. Absent
 * values are left out of the JSON.
 *
 * @param id the station id
 * @param name the registry's name, else the local one
 * @param latitude the registry's latitude, else the local one
 * @param longitude the registry's longitude, else the local one
 * @param registry the registry's description, absent when it was not available
 * @param window the window as an ISO-8601 duration, such as {@code PT24H}
 * @param from the start of the window
 * @param to the end of the window
 * @param count readings in the window
 * @param first the earliest reading in the window
 * @param last the latest reading in the window
 * @param temperature temperature statistics in the window
 * @param humidity humidity statistics in the window
 * @param pressure pressure statistics in the window
 * @param warning why registry data is missing, absent when it is there
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StationReport(
    String id,
    @Nullable String name,
    @Nullable Double latitude,
    @Nullable Double longitude,
    @Nullable RegistryStation registry,
    String window,
    Instant from,
    Instant to,
    long count,
    @Nullable Instant first,
    @Nullable Instant last,
    @Nullable MeasureStats temperature,
    @Nullable MeasureStats humidity,
    @Nullable MeasureStats pressure,
    @Nullable String warning) {

  /**
   * Composes the report.
   *
   * @param summary what the database knows
   * @param window the window asked for
   * @param lookup what the registry said
   * @return the report
   */
  static StationReport of(StationSummary summary, Duration window, RegistryLookup lookup) {
    RegistryStation registry =
        lookup instanceof RegistryLookup.Found found ? found.station() : null;
    String warning = null;
    if (lookup instanceof RegistryLookup.NotFound) {
      warning = "the station registry does not list this station";
    } else if (lookup instanceof RegistryLookup.Unavailable unavailable) {
      warning = unavailable.reason() + "; showing local data only";
    }
    return new StationReport(
        summary.id(),
        registry != null ? registry.name() : summary.name(),
        registry != null ? Double.valueOf(registry.latitude()) : summary.latitude(),
        registry != null ? Double.valueOf(registry.longitude()) : summary.longitude(),
        registry,
        window.toString(),
        summary.from(),
        summary.to(),
        summary.count(),
        summary.first(),
        summary.last(),
        summary.temperature(),
        summary.humidity(),
        summary.pressure(),
        warning);
  }
}
