package io.sluice.demo.stations;

import io.r2dbc.spi.Row;
import io.sluice.db.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Reads a station's summary from the {@code stations} and {@code readings} tables in one query,
 * using the {@code (station_id, recorded_at)} index.
 */
public final class StationSummaries {

  private static final String SQL =
      """
      select count(*) as count,
             min(temperature) as t_min, max(temperature) as t_max, avg(temperature) as t_avg,
             min(humidity) as h_min, max(humidity) as h_max, avg(humidity) as h_avg,
             min(pressure) as p_min, max(pressure) as p_max, avg(pressure) as p_avg,
             min(recorded_at) as first_at, max(recorded_at) as last_at,
             exists (select 1 from readings where station_id = $1) as has_readings,
             (select name from stations where id = $1) as name,
             (select latitude from stations where id = $1) as latitude,
             (select longitude from stations where id = $1) as longitude
        from readings
       where station_id = $1 and recorded_at >= $2\
      """;

  private final Database database;
  private final Clock clock;

  /**
   * Creates the reader.
   *
   * @param database the demo's database
   * @param clock where "now", the end of every window, comes from
   */
  public StationSummaries(Database database, Clock clock) {
    this.database = Objects.requireNonNull(database, "database");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Summarises a station's readings over the window that ends now.
   *
   * @param stationId the station id
   * @param window how far back to look, positive
   * @return one summary, also for a station the database does not know ({@link
   *     StationSummary#knownLocally()} tells)
   */
  public Mono<StationSummary> summarize(String stationId, Duration window) {
    Objects.requireNonNull(stationId, "stationId");
    Objects.requireNonNull(window, "window");
    return Mono.defer(
        () -> {
          Instant to = clock.instant();
          Instant from = to.minus(window);
          return database
              .sql(SQL)
              .bind(stationId, OffsetDateTime.ofInstant(from, ZoneOffset.UTC))
              .map(row -> summary(stationId, from, to, row))
              .one();
        });
  }

  private static StationSummary summary(String id, Instant from, Instant to, Row row) {
    Long count = row.get("count", Long.class);
    Boolean hasReadings = row.get("has_readings", Boolean.class);
    return new StationSummary(
        id,
        row.get("name", String.class),
        row.get("latitude", Double.class),
        row.get("longitude", Double.class),
        Boolean.TRUE.equals(hasReadings),
        from,
        to,
        count == null ? 0 : count,
        instant(row.get("first_at", OffsetDateTime.class)),
        instant(row.get("last_at", OffsetDateTime.class)),
        stats(row, "t"),
        stats(row, "h"),
        stats(row, "p"));
  }

  private static @Nullable Instant instant(@Nullable OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }

  private static @Nullable MeasureStats stats(Row row, String prefix) {
    Double min = row.get(prefix + "_min", Double.class);
    Double max = row.get(prefix + "_max", Double.class);
    Double avg = row.get(prefix + "_avg", Double.class);
    return min == null || max == null || avg == null ? null : new MeasureStats(min, max, avg);
  }
}
