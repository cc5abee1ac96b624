package io.sluice.demo.web;

import io.sluice.net.http.ProblemException;
import io.sluice.net.http.Routes;
import io.sluice.net.http.ServerResponse;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * The page at {@code /}: a live chart of incoming readings (an {@code EventSource} on {@code
 * /api/live}), the latest readings, and the import and export status; its files under {@code
 * /assets/}. Every response carries the {@link SecurityHeaders}. The chart library is uPlot (MIT
 * licence, served as {@code /assets/uPlot.LICENSE}).
 */
public final class WebPage {

  private final StaticAssets assets;

  private WebPage(StaticAssets assets) {
    this.assets = assets;
  }

  /**
   * Reads the page's files from the class path. Blocking: call it while starting.
   *
   * @return the page
   * @throws java.io.UncheckedIOException if a file is missing
   */
  public static WebPage load() {
    return new WebPage(StaticAssets.load());
  }

  /**
   * Adds {@code GET /} and {@code GET /assets/{name}}.
   *
   * @param routes the table so far
   * @return the table with the page's routes
   */
  public Routes register(Routes routes) {
    Objects.requireNonNull(routes, "routes");
    return routes
        .get("/", SecurityHeaders.protect(request -> serve("index.html")))
        .get(
            "/assets/{name}",
            SecurityHeaders.protect(
                request -> {
                  String name = request.pathParam("name");
                  return "index.html".equals(name)
                      ? Mono.error(new ProblemException(404, "No such asset"))
                      : serve(name);
                }));
  }

  private Mono<ServerResponse> serve(String name) {
    return assets
        .get(name)
        .map(Mono::just)
        .orElseGet(() -> Mono.error(new ProblemException(404, "No such asset")));
  }
}
