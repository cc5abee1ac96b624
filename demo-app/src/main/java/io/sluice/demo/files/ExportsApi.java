package io.sluice.demo.files;

import io.sluice.demo.ops.BearerGuard;
import io.sluice.demo.ops.DatabaseOutage;
import io.sluice.demo.readings.ReadingQuery;
import io.sluice.demo.readings.ReadingsApi;
import io.sluice.net.http.ProblemException;
import io.sluice.net.http.Routes;
import io.sluice.net.http.ServerRequest;
import io.sluice.net.http.ServerResponse;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * {@code POST /api/exports?station=&from=&to=&limit=} (the parameters of {@code GET /api/readings})
 * queues an export and answers {@code 202} with its status and {@code Location}; {@code GET
 * /api/exports/{id}} shows its status and progress; {@code GET /api/exports/{id}/file} sends the
 * gzip NDJSON file (zero-copy, with {@code Range}, {@code ETag}); {@code GET /api/exports} lists
 * the latest 20.
 *
 * <p>Problems: {@code 400} for malformed query parameters or an id that is not an export id's shape
 * (which is how {@code ../} in an id ends); {@code 401} without the token; {@code 404} for an
 * unknown export; {@code 409} for the file of an export that is not done.
 */
public final class ExportsApi {

  /** How many exports {@code GET /api/exports} lists, {@value}. */
  public static final int RECENT = 20;

  private final Exporter exporter;
  private final BearerGuard guard;

  /**
   * Creates the API.
   *
   * @param exporter runs the exports
   * @param guard protects {@code POST}
   */
  public ExportsApi(Exporter exporter, BearerGuard guard) {
    this.exporter = Objects.requireNonNull(exporter, "exporter");
    this.guard = Objects.requireNonNull(guard, "guard");
  }

  /**
   * Adds the exports routes.
   *
   * @param routes the table so far
   * @return the table with this API's routes
   */
  public Routes register(Routes routes) {
    return routes
        .post("/api/exports", guard.protect(DatabaseOutage.guard(this::create)))
        .get(
            "/api/exports",
            DatabaseOutage.guard(
                request -> exporter.recent(RECENT).collectList().map(ServerResponse::json)))
        .get("/api/exports/{id}", DatabaseOutage.guard(this::show))
        .get("/api/exports/{id}/file", this::file);
  }

  private Mono<ServerResponse> create(ServerRequest request) {
    ReadingQuery query;
    try {
      query = ReadingsApi.parseQuery(request);
    } catch (ProblemException e) {
      return Mono.error(e);
    }
    return exporter
        .begin(query)
        .map(
            status ->
                ServerResponse.json(status)
                    .withStatus(202)
                    .withHeader("Location", "/api/exports/" + status.id()));
  }

  private Mono<ServerResponse> show(ServerRequest request) {
    return known(request).map(ServerResponse::json);
  }

  private Mono<ServerResponse> file(ServerRequest request) {
    return known(request)
        .flatMap(
            status ->
                "done".equals(status.status())
                    ? Mono.just(
                        ServerResponse.file(exporter.file(status.id()))
                            .withContentType("application/gzip")
                            .withHeader(
                                "Content-Disposition",
                                "attachment; filename=\"readings-" + status.id() + ".ndjson.gz\""))
                    : Mono.error(
                        new ProblemException(
                            409,
                            "Export " + status.id() + " is " + status.status() + ", not done")));
  }

  private Mono<ExportStatus> known(ServerRequest request) {
    String id;
    try {
      id = JobIds.check("export", request.pathParam("id"));
    } catch (ProblemException e) {
      return Mono.error(e);
    }
    return exporter
        .find(id)
        .switchIfEmpty(Mono.error(() -> new ProblemException(404, "No export " + id)));
  }
}
