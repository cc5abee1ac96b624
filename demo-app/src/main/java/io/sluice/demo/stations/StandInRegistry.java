package io.sluice.demo.stations;

import io.sluice.net.http.HttpServer;
import io.sluice.net.http.ProblemException;
import io.sluice.net.http.Routes;
import io.sluice.net.http.RunningHttpServer;
import io.sluice.net.http.ServerResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;

/**
 * A tiny station registry for local runs, answering {@code GET /stations/{id}} as {@link
 * RegistryClient} expects, from a fixed catalogue in memory. The demo starts one on a free loopback
 * port when no {@code REGISTRY_URL} is configured; it is not meant for anything else.
 */
public final class StandInRegistry {

  /** The stations the demo's seed data uses, known to the default stand-in. */
  public static final List<RegistryStation> DEFAULT_CATALOGUE =
      List.of(
          new RegistryStation("oslo-1", "Oslo Blindern", 59.9423, 10.7200, "Stand-in Met"),
          new RegistryStation("bergen-1", "Bergen Florida", 60.3830, 5.3327, "Stand-in Met"),
          new RegistryStation("tromso-1", "Tromsø Langnes", 69.6767, 18.9133, "Stand-in Met"),
          new RegistryStation("lyon-1", "Lyon Bron", 45.7294, 4.9389, "Stand-in Met"),
          new RegistryStation("reykjavik-1", "Reykjavík", 64.1275, -21.9028, "Stand-in Met"));

  private final RunningHttpServer server;

  private StandInRegistry(RunningHttpServer server) {
    this.server = server;
  }

  /**
   * Starts a stand-in with the {@link #DEFAULT_CATALOGUE} on a free loopback port.
   *
   * @return a {@code Mono} that binds on subscribe
   */
  public static Mono<StandInRegistry> start() {
    return start(DEFAULT_CATALOGUE);
  }

  /**
   * Starts a stand-in on a free loopback port.
   *
   * @param catalogue the stations it knows
   * @return a {@code Mono} that binds on subscribe
   */
  public static Mono<StandInRegistry> start(List<RegistryStation> catalogue) {
    Map<String, RegistryStation> byId =
        catalogue.stream()
            .collect(Collectors.toUnmodifiableMap(RegistryStation::id, Function.identity()));
    Routes routes =
        Routes.create()
            .get(
                "/stations/{id}",
                request -> {
                  RegistryStation station = byId.get(request.pathParam("id"));
                  return station == null
                      ? Mono.error(new ProblemException(404, "No such station"))
                      : Mono.just(ServerResponse.json(station));
                })
            .get("/health", request -> Mono.just(ServerResponse.json(Map.of("status", "UP"))));
    return HttpServer.create()
        .host("127.0.0.1")
        .port(0)
        .serverName("sluice-demo-stand-in-registry")
        .routes(routes)
        .bind()
        .map(StandInRegistry::new);
  }

  /**
   * Returns the URL to configure as {@code REGISTRY_URL}.
   *
   * @return for example {@code http://127.0.0.1:41234}
   */
  public String url() {
    return "http://127.0.0.1:" + server.port();
  }

  /**
   * Stops the stand-in.
   *
   * @param timeout how long requests in flight may take to finish
   * @return a {@code Mono} that stops on subscribe
   */
  public Mono<Void> stop(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    return server.shutdown(timeout);
  }
}
