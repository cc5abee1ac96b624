package io.sluice.demo.readings;

import io.sluice.codec.Csv;
import io.sluice.demo.ops.BearerGuard;
import io.sluice.demo.ops.DatabaseOutage;
import io.sluice.demo.ops.StreamGauge;
import io.sluice.net.http.ProblemException;
import io.sluice.net.http.Routes;
import io.sluice.net.http.ServerRequest;
import io.sluice.net.http.ServerResponse;
import io.sluice.net.http.SseEvent;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/readings}: bulk upload of NDJSON or CSV, streamed through parsing and COPY into
 * the database. {@code GET /api/readings}: readings streamed back as NDJSON, CSV or server-sent
 * events.
 *
 * <p>Upload replies: {@code 200} with {@code {"accepted":n,"rejected":m,"errors":[{"line":3,
 * "message":"..."}]}} (the first {@value IngestReport#MAX_ERRORS} errors); {@code 400} for an
 * upload that cannot be read on (see {@link ReadingDecoder}); {@code 401} without the bearer token;
 * {@code 413} past the upload limit; {@code 415} for another {@code Content-Type}; {@code 422} when
 * {@code ?atomic=true} and a line is bad (nothing stored); {@code 503} while the database cannot be
 * reached. All errors are problem+json.
 *
 * <p>An upload is one transaction: it is stored whole when the {@code 200} is sent, or not at all.
 * A client that disconnects before the response (mid-body or while waiting) has stored nothing,
 * whatever it had sent. With an {@code Idempotency-Key} header (1 to {@value
 * UploadKeys#MAX_KEY_LENGTH} printable ASCII characters), an upload repeating a key that was stored
 * is not stored again: it is answered {@code 200} with the first upload's report and {@code
 * Idempotent-Replayed: true}, its body unread. So a client unsure whether its upload went through
 * retries with the same key and gets exactly one copy of the rows.
 */
public final class ReadingsApi {

  private static final String PATH = "/api/readings";

  private final ReadingStore store;
  private final BearerGuard guard;
  private final ReadingDecoder decoder;
  private final JsonMapper json;
  private final StreamGauge streams;
  private final long maxUploadSize;
  private final UploadKeys uploadKeys;

  /**
   * The readings endpoints.
   *
   * @param store the readings table
   * @param guard protects the upload
   * @param json writes JSON
   * @param streams counts open response streams
   * @param maxUploadSize the largest upload body in bytes
   */
  public ReadingsApi(
      ReadingStore store,
      BearerGuard guard,
      JsonMapper json,
      StreamGauge streams,
      long maxUploadSize) {
    this.store = Objects.requireNonNull(store, "store");
    this.guard = Objects.requireNonNull(guard, "guard");
    this.json = Objects.requireNonNull(json, "json");
    this.decoder = new ReadingDecoder(json);
    this.streams = Objects.requireNonNull(streams, "streams");
    this.maxUploadSize = maxUploadSize;
    this.uploadKeys = new UploadKeys(json);
  }

  /**
   * Adds {@code POST} and {@code GET /api/readings}.
   *
   * @param routes the table so far
   * @return the table with the readings routes
   */
  public Routes register(Routes routes) {
    return routes
        .post(PATH, guard.protect(DatabaseOutage.guard(this::upload)))
        .get(PATH, DatabaseOutage.guard(this::query))
        .maxBodySize(PATH, maxUploadSize);
  }

  private Mono<ServerResponse> upload(ServerRequest request) {
    Optional<ReadingFormat> format = ReadingFormat.ofContentType(request.header("Content-Type"));
    if (format.isEmpty()) {
      return Mono.error(
          new ProblemException(
              415,
              "Send readings as application/x-ndjson or text/csv, not '"
                  + request.header("Content-Type")
                  + "'"));
    }
    boolean atomic;
    try {
      atomic = booleanParam(request, "atomic");
    } catch (ProblemException e) {
      return Mono.error(e);
    }
    String key;
    try {
      key = UploadKeys.validate(request.header("Idempotency-Key"));
    } catch (ProblemException e) {
      return Mono.error(e);
    }
    Flux<ParsedLine> lines = request.body().transform(decoder.decoder(format.get()));
    Mono<ServerResponse> stored =
        key == null
            ? store.ingest(lines, atomic).map(ServerResponse::json)
            : store
                .ingestOnce(key, lines, atomic, uploadKeys)
                .map(
                    outcome ->
                        ServerResponse.json(outcome.report())
                            .withHeader(
                                "Idempotent-Replayed", Boolean.toString(outcome.replayed())));
    return stored
        .onErrorMap(RejectedUploadException.class, ReadingsApi::rejected)
        .onErrorMap(MalformedUploadException.class, ReadingsApi::malformed);
  }

  private static ProblemException rejected(RejectedUploadException e) {
    return new ProblemException(
        422,
        Objects.requireNonNullElse(e.getMessage(), "the upload was rejected"),
        Map.of("line", e.error().line(), "errors", List.of(e.error()), "accepted", 0));
  }

  private static ProblemException malformed(MalformedUploadException e) {
    String message = Objects.requireNonNullElse(e.getMessage(), "malformed upload");
    return new ProblemException(
        400, message + "; nothing was stored", Map.of("line", e.lineNumber(), "accepted", 0));
  }

  private Mono<ServerResponse> query(ServerRequest request) {
    ReadingQuery query;
    Representation representation;
    try {
      query = parseQuery(request);
      representation = Representation.negotiate(request.headers("Accept"));
    } catch (ProblemException e) {
      return Mono.error(e);
    }
    ReadMode mode;
    try {
      mode = parseMode(request);
    } catch (ProblemException e) {
      return Mono.error(e);
    }
    // A streamed response commits to 200 with its first byte: waiting for the first row (or the
    // end of an empty result) lets an error before it, such as an outage, still be answered 503,
    // without a statement of its own. A stream cut later ends with the connection closed.
    Flux<StoredReading> found = DatabaseOutage.guard(store.find(query, mode));
    if (request.method().equals("HEAD")) {
      // HEAD is answered by this route without a body, so the stream is never read: end the query
      // at its first row instead of leaving it open.
      found = found.take(1);
    }
    return FirstRow.await(found)
        .map(
            rows ->
                switch (representation) {
                  case NDJSON -> ServerResponse.ndjson(streams.track("readings", rows));
                  case CSV ->
                      ServerResponse.stream(
                          streams.track(
                              "readings", rows.transform(Csv.encoder(StoredReading.class))),
                          "text/csv; charset=utf-8");
                  case SSE ->
                      ServerResponse.sse(
                          streams.track(
                              "readings",
                              rows.map(
                                  reading ->
                                      SseEvent.data(json.writeValueAsString(reading))
                                          .withId(Long.toString(reading.id()))
                                          .withEvent("reading"))));
                });
  }

  private static ReadMode parseMode(ServerRequest request) {
    String value = request.queryParam("consistency").orElse("pages").strip();
    return switch (value) {
      case "pages" -> ReadMode.PAGES;
      case "snapshot" -> ReadMode.SNAPSHOT;
      default ->
          throw new ProblemException(
              400, "consistency must be pages or snapshot, was '" + value + "'");
    };
  }

  /**
   * Reads {@code station}, {@code from}, {@code to} and {@code limit} from the query string, as
   * {@code GET /api/readings} does; other endpoints selecting readings use it too.
   *
   * @param request the request
   * @return the query
   * @throws ProblemException {@code 400} naming the malformed parameter
   */
  public static ReadingQuery parseQuery(ServerRequest request) {
    String station = request.queryParam("station").filter(s -> !s.isBlank()).orElse(null);
    if (station != null && station.length() > ReadingValidator.MAX_STATION_ID_LENGTH) {
      throw new ProblemException(
          400, "station must be at most " + ReadingValidator.MAX_STATION_ID_LENGTH + " characters");
    }
    Instant from = instantParam(request, "from");
    Instant to = instantParam(request, "to");
    if (from != null && to != null && !from.isBefore(to)) {
      throw new ProblemException(
          400,
          "from must be before to, was from=" + from + " and to=" + to,
          problemMembers("from", from.toString(), "to", to.toString()));
    }
    int limit = ReadingQuery.DEFAULT_LIMIT;
    Optional<String> limitText = request.queryParam("limit");
    if (limitText.isPresent()) {
      try {
        limit = Integer.parseInt(limitText.get().strip());
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > ReadingQuery.MAX_LIMIT) {
        throw new ProblemException(
            400,
            "limit must be a whole number from 1 to "
                + ReadingQuery.MAX_LIMIT
                + ", was '"
                + limitText.get()
                + "'");
      }
    }
    return new ReadingQuery(station, from, to, limit);
  }

  private static @Nullable Instant instantParam(ServerRequest request, String name) {
    Optional<String> text = request.queryParam(name).filter(s -> !s.isBlank());
    if (text.isEmpty()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text.get().strip()).toInstant();
    } catch (DateTimeParseException e) {
      throw new ProblemException(
          400,
          name
              + " must be an ISO-8601 time with an offset, such as 2026-01-01T10:00:00Z, was '"
              + ReadingValidator.abbreviate(text.get())
              + "'");
    }
  }

  private static boolean booleanParam(ServerRequest request, String name) {
    Optional<String> value = request.queryParam(name);
    if (value.isEmpty()) {
      return false;
    }
    return switch (value.get().strip().toLowerCase(Locale.ROOT)) {
      case "true", "1", "" -> true;
      case "false", "0" -> false;
      default ->
          throw new ProblemException(
              400, name + " must be true or false, was '" + value.get() + "'");
    };
  }

  private static Map<String, Object> problemMembers(String k1, Object v1, String k2, Object v2) {
    Map<String, Object> members = new LinkedHashMap<>();
    members.put(k1, v1);
    members.put(k2, v2);
    return members;
  }

  /** The response formats of {@code GET /api/readings}, chosen by {@code Accept}. */
  enum Representation {
    NDJSON,
    CSV,
    SSE;

    /**
     * Picks the first media type named in {@code Accept} (all its values, in order) that this
     * endpoint serves; a wildcard counts only when no served type is named. Quality values are
     * ignored.
     */
    static Representation negotiate(List<String> acceptHeaders) {
      if (acceptHeaders.isEmpty()) {
        return NDJSON;
      }
      boolean wildcard = false;
      for (String header : acceptHeaders) {
        for (String range : header.split(",", -1)) {
          int semicolon = range.indexOf(';');
          String type =
              (semicolon < 0 ? range : range.substring(0, semicolon))
                  .strip()
                  .toLowerCase(Locale.ROOT);
          switch (type) {
            case "application/x-ndjson",
                "application/ndjson",
                "application/jsonl",
                "application/json" -> {
              return NDJSON;
            }
            case "text/csv" -> {
              return CSV;
            }
            case "text/event-stream" -> {
              return SSE;
            }
            case "*/*", "application/*", "" -> wildcard = true;
            default -> {}
          }
        }
      }
      if (wildcard) {
        return NDJSON;
      }
      throw new ProblemException(
          406,
          "GET /api/readings answers application/x-ndjson, text/csv or text/event-stream, not '"
              + String.join(", ", acceptHeaders)
              + "'");
    }
  }
}
