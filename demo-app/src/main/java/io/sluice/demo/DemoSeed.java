package io.sluice.demo;

import io.sluice.db.Database;
import io.sluice.demo.readings.Reading;
import io.sluice.demo.readings.ReadingStore;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A little demo data: four stations and a day of readings every ten minutes, stored only when the
 * readings table is empty.
 */
final class DemoSeed {

  private record Station(String id, String name, double latitude, double longitude) {}

  private static final List<Station> STATIONS =
      List.of(
          new Station("oslo-1", "Oslo Blindern", 59.94, 10.72),
          new Station("bergen-1", "Bergen Florida", 60.38, 5.33),
          new Station("tromso-1", "Tromsø Langnes", 69.68, 18.92),
          new Station("lyon-1", "Lyon Bron", 45.73, 4.94));

  private static final Duration STEP = Duration.ofMinutes(10);
  private static final int STEPS = 144;

  private DemoSeed() {}

  /**
   * Stores the stations (unless present) and the readings, if there are no readings yet.
   *
   * @param database the migrated demo database
   * @return how many readings were stored, 0 if the table had some
   */
  static Mono<Long> seedIfEmpty(Database database) {
    ReadingStore store = new ReadingStore(database);
    return store
        .count()
        .flatMap(
            count ->
                count > 0
                    ? Mono.just(0L)
                    : Flux.fromIterable(STATIONS)
                        .concatMap(
                            s ->
                                database
                                    .sql(
                                        "insert into stations (id, name, latitude, longitude)"
                                            + " values ($1, $2, $3, $4) on conflict (id) do"
                                            + " nothing")
                                    .bind(s.id(), s.name(), s.latitude(), s.longitude())
                                    .rowsUpdated())
                        .then(store.insert(readings(Instant.now()))));
  }

  private static Flux<Reading> readings(Instant now) {
    Instant start = now.truncatedTo(ChronoUnit.MINUTES).minus(STEP.multipliedBy(STEPS));
    return Flux.range(0, STEPS)
        .concatMap(
            step ->
                Flux.range(0, STATIONS.size())
                    .map(
                        index -> {
                          Station station = STATIONS.get(index);
                          double hours = step * STEP.toMinutes() / 60.0;
                          double daily = Math.sin((hours - 9) / 24 * 2 * Math.PI);
                          return new Reading(
                              station.id(),
                              start.plus(STEP.multipliedBy(step)),
                              round(12 - station.latitude() / 10 + 6 * daily + index),
                              round(70 - 15 * daily + index * 3),
                              round(1013 + 4 * Math.cos(hours / 7 + index)));
                        }));
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }
}
