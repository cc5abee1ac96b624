package io.sluice.demo.ops;

import io.sluice.db.Database;
import io.sluice.db.DatabaseOptions;
import io.sluice.net.http.ProblemException;
import io.sluice.net.http.Routes;
import io.sluice.net.http.ServerResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * {@code GET /health}: the process is up (liveness; never touches the database). {@code GET
 * /ready}: the app can serve (readiness; a load balancer sends traffic only while it is {@code
 * 200}): the database answers within {@value #READY_TIMEOUT_MILLIS} ms and its schema is migrated,
 * otherwise {@code 503} problem+json.
 *
 * <p>A busy pool is not a reason to turn traffic away: when slow streams have borrowed every pooled
 * connection, requests queue for the next one that is returned, and another instance is no less
 * busy. So readiness does not ask the app's pool: it asks the database over a connection of its own
 * (a one-connection pool with the app's settings, named {@code <pool>-ready} and seen by PostgreSQL
 * as application {@code <application>-ready}, opened on the first check and kept while it stays
 * usable). The app therefore opens at most one connection more than its pool size. {@link #close()}
 * closes that connection.
 */
public final class HealthApi {

  static final long READY_TIMEOUT_MILLIS = 2_000;

  /** True once the migrations created the table every readings endpoint uses. */
  private static final String READY_QUERY = "select to_regclass('readings') is not null";

  private final Database probe;

  /**
   * A health endpoint checking the given database.
   *
   * @param database the database whose reachability makes the app ready; its options (address,
   *     credentials, timeouts, event loops if given) are used for the readiness connection
   */
  public HealthApi(Database database) {
    Objects.requireNonNull(database, "database");
    DatabaseOptions options = database.options();
    this.probe =
        Database.create(
            options.toBuilder()
                .poolName(options.poolName() + "-ready")
                .applicationName(options.applicationName() + "-ready")
                .poolSize(1)
                .minIdle(0)
                .sharedConnections(0)
                .eventLoopThreads(1)
                .acquireTimeout(Duration.ofMillis(READY_TIMEOUT_MILLIS))
                .build());
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
        .get("/ready", request -> ready());
  }

  /**
   * Closes the readiness connection (and its event loop).
   *
   * @return completes once it is closed
   */
  public Mono<Void> close() {
    return Mono.defer(probe::close);
  }

  private Mono<ServerResponse> ready() {
    return probe
        .sql(READY_QUERY)
        .map(Boolean.class)
        .one()
        .timeout(Duration.ofMillis(READY_TIMEOUT_MILLIS))
        .onErrorMap(
            error -> !(error instanceof ProblemException),
            error -> {
              ProblemException problem =
                  new ProblemException(
                      503, "The database is not reachable", Map.of("database", "DOWN"));
              problem.initCause(error);
              return problem;
            })
        .flatMap(
            migrated ->
                migrated
                    ? Mono.just(ServerResponse.json(Map.of("status", "READY", "database", "UP")))
                    : Mono.error(
                        new ProblemException(
                            503,
                            "The database schema is not migrated",
                            Map.of("database", "NOT_MIGRATED"))));
  }
}
