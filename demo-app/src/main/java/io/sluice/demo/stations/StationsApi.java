package io.sluice.demo.stations;

import io.sluice.demo.ops.DatabaseOutage;
import io.sluice.net.http.ProblemException;
import io.sluice.net.http.Routes;
import io.sluice.net.http.ServerRequest;
import io.sluice.net.http.ServerResponse;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/stations/{id}?window=PT24H}: the station's summary from the database, composed in
 * parallel with the upstream registry's description of it.
 *
 * <p>The database query and the registry call start together ({@link Mono#zip}); the registry's
 * part is bounded by its timeout and circuit breaker (see {@link RegistryClient}), so a slow or
 * dead registry delays the answer by at most the timeout, and by nothing once the breaker is open.
 * Without the registry the answer carries the local data and a {@code warning}.
 *
 * <p>Problems: {@code 400} for a malformed id or window (an ISO-8601 duration, positive, at most
 * {@link #MAX_WINDOW}); {@code 404} for a station neither the database nor the registry knows.
 */
public final class StationsApi {

  /** The window when none is given, 24 hours. */
  public static final Duration DEFAULT_WINDOW = Duration.ofHours(24);

  /** The longest window, 366 days. */
  public static final Duration MAX_WINDOW = Duration.ofDays(366);

  /** As {@code POST /api/readings} accepts them: 1 to 64 characters, not blank, no controls. */
  private static final Pattern STATION_ID = Pattern.compile("(?=.*\\S)[^\\p{Cntrl}]{1,64}");

  private final StationSummaries summaries;
  private final RegistryClient registry;

  /**
   * Creates the API.
   *
   * @param summaries reads the local summaries
   * @param registry asks the upstream registry
   */
  public StationsApi(StationSummaries summaries, RegistryClient registry) {
    this.summaries = Objects.requireNonNull(summaries, "summaries");
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  /**
   * Adds {@code GET /api/stations/{id}}.
   *
   * @param routes the table so far
   * @return the table with this API's routes
   */
  public Routes register(Routes routes) {
    return routes.get("/api/stations/{id}", DatabaseOutage.guard(this::station));
  }

  private Mono<ServerResponse> station(ServerRequest request) {
    String id = request.pathParam("id");
    if (!STATION_ID.matcher(id).matches()) {
      return Mono.error(
          new ProblemException(
              400,
              "A station id is 1 to 64 characters, not blank, without control characters",
              Map.of("station", id)));
    }
    Duration window;
    try {
      window = window(request);
    } catch (ProblemException e) {
      return Mono.error(e);
    }
    return Mono.zip(summaries.summarize(id, window), registry.lookup(id))
        .flatMap(
            both -> {
              StationSummary summary = both.getT1();
              RegistryLookup lookup = both.getT2();
              if (!summary.knownLocally() && !(lookup instanceof RegistryLookup.Found)) {
                String detail = "Unknown station '" + id + "'";
                if (lookup instanceof RegistryLookup.Unavailable unavailable) {
                  detail += " (not in the database; " + unavailable.reason() + ")";
                }
                return Mono.error(new ProblemException(404, detail, Map.of("station", id)));
              }
              return Mono.just(ServerResponse.json(StationReport.of(summary, window, lookup)));
            });
  }

  private static Duration window(ServerRequest request) {
    String text = request.queryParam("window").orElse(null);
    if (text == null) {
      return DEFAULT_WINDOW;
    }
    Duration window;
    try {
      window = Duration.parse(text);
    } catch (DateTimeParseException e) {
      throw new ProblemException(
          400,
          "window must be an ISO-8601 duration such as PT24H or P7D, but was '" + text + "'",
          Map.of("window", text));
    }
    if (window.isNegative() || window.isZero() || window.compareTo(MAX_WINDOW) > 0) {
      throw new ProblemException(
          400,
          "window must be positive and at most " + MAX_WINDOW + ", but was " + window,
          Map.of("window", text));
    }
    return window;
  }
}
