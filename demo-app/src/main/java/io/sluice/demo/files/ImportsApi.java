package io.sluice.demo.files;

import io.sluice.demo.ops.BearerGuard;
import io.sluice.demo.ops.DatabaseOutage;
import io.sluice.fs.ReactiveFiles;
import io.sluice.net.http.ProblemException;
import io.sluice.net.http.Routes;
import io.sluice.net.http.ServerRequest;
import io.sluice.net.http.ServerResponse;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * {@code POST /api/imports} with {@code {"file": "name"}} imports a file from the inbox ({@code
 * 202} with the queued import's status and its {@code Location}; {@code 200} with the earlier
 * import's status when the same content was imported before); {@code GET /api/imports/{id}} shows
 * an import's status and progress; {@code GET /api/imports} lists the latest 20.
 *
 * <p>Problems: {@code 400} for a name that is not a plain file name in the inbox (separators,
 * {@code ..}, hidden files) or a malformed id; {@code 401} without the token; {@code 404} for a
 * file not in the inbox or an unknown id; {@code 409} when the file is being imported already.
 */
public final class ImportsApi {

  /** How many imports {@code GET /api/imports} lists, {@value}. */
  public static final int RECENT = 20;

  private final Importer importer;
  private final DataDirectories directories;
  private final BearerGuard guard;

  /**
   * Creates the API.
   *
   * @param importer runs the imports
   * @param directories where the inbox is
   * @param guard protects {@code POST}
   */
  public ImportsApi(Importer importer, DataDirectories directories, BearerGuard guard) {
    this.importer = Objects.requireNonNull(importer, "importer");
    this.directories = Objects.requireNonNull(directories, "directories");
    this.guard = Objects.requireNonNull(guard, "guard");
  }

  /** The body of {@code POST /api/imports}. */
  record ImportRequest(@Nullable String file) {}

  /**
   * Adds the imports routes.
   *
   * @param routes the table so far
   * @return the table with this API's routes
   */
  public Routes register(Routes routes) {
    return routes
        .post("/api/imports", guard.protect(DatabaseOutage.guard(this::create)))
        .get(
            "/api/imports",
            DatabaseOutage.guard(
                request -> importer.recent(RECENT).collectList().map(ServerResponse::json)))
        .get("/api/imports/{id}", DatabaseOutage.guard(this::show));
  }

  private Mono<ServerResponse> create(ServerRequest request) {
    return request
        .bodyJson(ImportRequest.class)
        .map(body -> inboxFile(body.file()))
        .flatMap(
            path ->
                ReactiveFiles.attributes(path, LinkOption.NOFOLLOW_LINKS)
                    .onErrorMap(NoSuchFileException.class, missing -> notInInbox(path))
                    .flatMap(
                        attributes ->
                            attributes.isRegularFile()
                                ? importer.begin(path)
                                : Mono.error(notInInbox(path))))
        .onErrorMap(
            IllegalStateException.class,
            busy ->
                new ProblemException(409, Objects.requireNonNullElse(busy.getMessage(), "busy")))
        .onErrorMap(
            NoSuchFileException.class, gone -> new ProblemException(404, "The file is gone"))
        .map(
            claim ->
                claim.duplicate()
                    ? ServerResponse.json(claim.status())
                    : ServerResponse.json(claim.status())
                        .withStatus(202)
                        .withHeader("Location", "/api/imports/" + claim.status().id()));
  }

  private Path inboxFile(@Nullable String name) {
    if (name == null || name.isBlank()) {
      throw new ProblemException(400, "Name the file to import: {\"file\": \"readings.csv\"}");
    }
    if (name.length() > 255
        || name.startsWith(".")
        || name.indexOf('/') >= 0
        || name.indexOf('\\') >= 0
        || name.indexOf('\0') >= 0) {
      throw new ProblemException(
          400,
          "file must be the plain name of a file in the inbox, without directories, was '"
              + (name.length() <= 100 ? name : name.substring(0, 100) + "...")
              + "'");
    }
    Path path = directories.inbox().resolve(name).normalize();
    if (!directories.inbox().equals(path.getParent())) {
      throw new ProblemException(400, "file must be the plain name of a file in the inbox");
    }
    return path;
  }

  private static ProblemException notInInbox(Path path) {
    return new ProblemException(
        404,
        "There is no file '" + path.getFileName() + "' in the inbox",
        Map.of("file", String.valueOf(path.getFileName())));
  }

  private Mono<ServerResponse> show(ServerRequest request) {
    String id;
    try {
      id = JobIds.check("import", request.pathParam("id"));
    } catch (ProblemException e) {
      return Mono.error(e);
    }
    return importer
        .find(id)
        .map(ServerResponse::json)
        .switchIfEmpty(Mono.error(() -> new ProblemException(404, "No import " + id)));
  }
}
