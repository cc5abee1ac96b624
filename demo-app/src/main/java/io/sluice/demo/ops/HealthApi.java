package io.sluice.demo.ops;

import io.sluice.db.Database;
import io.sluice.net.http.ProblemException;
import io.sluice.net.http.Routes;
import io.sluice.net.http.ServerResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * {@code GET /health}: the process is up (liveness; never touches the database). {@code GET
 * /ready}: the database answers a query within {@value #READY_TIMEOUT_MILLIS} ms (readiness; a load
 * balancer sends traffic only while it is {@code 200}), otherwise {@code 503} problem+json.
 */
public final class HealthApi {

  static final long READY_TIMEOUT_MILLIS = 2_000;

  private final Database database;

  /**
   * A health endpoint checking the given database.
   *
   * @param database the database whose reachability makes the app ready
   */
  public HealthApi(Database database) {
    this.database = Objects.requireNonNull(database, "database");
  }

  /**
   * Adds {@code /health} and {@code /ready}.
   *
   * @param routes the table so far
   * @return the table with the health routes
   */
  public Routes register(Routes routes) {
    return routes
        .get("/health", request -> Mono.just(ServerResponse.json(Map.of("status", "UP"))))
        .get(
            "/ready",
            request ->
                database
                    .sql("select 1")
                    .map(Integer.class)
                    .one()
                    .timeout(Duration.ofMillis(READY_TIMEOUT_MILLIS))
                    .map(one -> ServerResponse.json(Map.of("status", "READY", "database", "UP")))
                    .onErrorMap(
                        error -> !(error instanceof ProblemException),
                        error ->
                            new ProblemException(
                                503, "The database is not reachable", Map.of("database", "DOWN"))));
  }
}
