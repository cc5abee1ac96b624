package io.sluice.bench.contract;

import io.sluice.db.Database;
import io.sluice.db.DatabaseOptions;
import io.sluice.net.http.HttpServer;
import io.sluice.net.http.ProblemException;
import io.sluice.net.http.Routes;
import io.sluice.net.http.RunningHttpServer;
import io.sluice.net.http.ServerRequest;
import io.sluice.net.http.ServerResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The benchmark contract on Sluice, written as a user of Sluice would write it: routes on {@link
 * HttpServer}, responses from {@link ServerResponse}'s factories (JSON with the server's mapper, on
 * every request), queries on one {@link Database}. Nothing here reaches below Sluice's public API.
 *
 * <ul>
 *   <li>{@code /db}, {@code /queries}: {@code one()} per row, the lookup path of {@link
 *       io.sluice.db.MappedQuery}; {@code /queries} runs its N lookups one after another.
 *   <li>{@code /updates}: the rows read as {@code /queries}, then one batch in one transaction
 *       ({@link io.sluice.db.Query#batch}), rows in id order so concurrent requests cannot
 *       deadlock.
 *   <li>{@code /stream}: {@code all()}, a cursor whose fetch size follows the response's demand,
 *       written with {@link ServerResponse#ndjson}.
 *   <li>{@code /ingest}: the request body, read on demand, decoded line by line into the text
 *       format of {@code COPY ... FROM STDIN} and handed to {@link Database#copyIn}; a malformed
 *       line aborts the COPY and answers a {@code 400} problem with a {@code line} member.
 * </ul>
 *
 * <p>Run with {@code java -cp sluice-benchmarks.jar io.sluice.bench.contract.SluiceServer};
 * configured by the environment ({@code PORT}, {@code PGHOST}, ..., {@code DB_POOL}).
 */
public final class SluiceServer implements RunningServer {

  private static final String SERVER_NAME = "sluice";
  private static final String TEXT_HTML = "text/html; charset=utf-8";

  private static final String SELECT_WORLD = "SELECT id, randomnumber FROM world WHERE id = $1";
  private static final String UPDATE_WORLD = "UPDATE world SET randomnumber = $1 WHERE id = $2";
  private static final String SELECT_FORTUNES = "SELECT id, message FROM fortune";
  private static final String SELECT_STREAM =
      "SELECT id, randomnumber FROM stream_rows ORDER BY id LIMIT $1";
  private static final String COPY_INGEST = "COPY ingest (id, randomnumber) FROM STDIN";

  /** The largest request body: {@code /ingest} streams, so its size is not what is limited. */
  private static final long MAX_INGEST_BODY = Long.MAX_VALUE;

  private final Database db;
  private final RunningHttpServer server;

  private SluiceServer(ServerSettings settings) {
    this.db =
        Database.create(
            DatabaseOptions.builder()
                .host(settings.pgHost())
                .port(settings.pgPort())
                .user(settings.pgUser())
                .password(settings.pgPassword())
                .database(settings.pgDatabase())
                .poolSize(settings.dbPool())
                .minIdle(settings.dbPool())
                .sharedConnections(sharedConnections(settings))
                .pipelining(!"0".equals(System.getenv("DB_PIPELINE")))
                .build());
    try {
      this.server =
          HttpServer.create()
              .host("0.0.0.0")
              .port(settings.port())
              .serverName(SERVER_NAME)
              .routes(routes())
              .bindNow(Duration.ofSeconds(30));
    } catch (RuntimeException e) {
      db.close().block(Duration.ofSeconds(10));
      throw e;
    }
  }

  /**
   * Lookups ({@code one()}) share a quarter of the pool, at least one connection when the pool has
   * two or more; {@code DB_SHARED} overrides it (0 turns sharing off). Statements on the shared
   * connections are pipelined unless {@code DB_PIPELINE=0}.
   */
  private static int sharedConnections(ServerSettings settings) {
    String override = System.getenv("DB_SHARED");
    if (override != null && !override.isBlank()) {
      return Integer.parseInt(override.trim());
    }
    return settings.dbPool() < 2 ? 0 : Math.max(1, settings.dbPool() / 4);
  }

  /** Starts the server and its database; blocks until it listens. */
  static SluiceServer start(ServerSettings settings) {
    return new SluiceServer(settings);
  }

  /** Runs the server until the process is stopped. */
  public static void main(String[] args) {
    SluiceServer server = start(ServerSettings.fromEnvironment(System.getenv()));
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "shutdown"));
    server.server.onDispose().block();
  }

  @Override
  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.shutdown(Duration.ofSeconds(5)).block(Duration.ofSeconds(10));
    db.close().block(Duration.ofSeconds(10));
  }

  private Routes routes() {
    return Routes.create()
        .get("/plaintext", request -> Mono.just(ServerResponse.text(Message.HELLO)))
        .get("/json", request -> Mono.just(ServerResponse.json(new Message(Message.HELLO))))
        .get("/db", request -> world().map(ServerResponse::json))
        .get("/queries", request -> worlds(queries(request)).map(ServerResponse::json))
        .get("/updates", request -> updates(queries(request)).map(ServerResponse::json))
        .get("/fortunes", request -> fortunes())
        .get(
            "/stream",
            request ->
                Mono.just(
                    ServerResponse.ndjson(
                        db.sql(SELECT_STREAM)
                            .bind(CountParameter.STREAM_ROWS.parse(parameter(request, "n")))
                            .map(World.class)
                            .all())))
        .post("/ingest", this::ingest)
        .maxBodySize("/ingest", MAX_INGEST_BODY);
  }

  private static int queries(ServerRequest request) {
    return CountParameter.QUERIES.parse(parameter(request, "queries"));
  }

  private static String parameter(ServerRequest request, String name) {
    Optional<String> value = request.queryParam(name);
    return value.orElse("");
  }

  private Mono<World> world() {
    return db.sql(SELECT_WORLD).bind(World.randomId()).map(World.class).one();
  }

  private Mono<List<World>> worlds(int count) {
    return Flux.range(0, count).concatMap(i -> world()).collectList();
  }

  private Mono<List<World>> updates(int count) {
    return worlds(count)
        .flatMap(
            read -> {
              WorldUpdate update = WorldUpdate.of(read);
              List<List<?>> rows = new ArrayList<>(update.newValues().size());
              for (Map.Entry<Integer, Integer> entry : update.newValues().entrySet()) {
                rows.add(List.of(entry.getValue(), entry.getKey()));
              }
              return db.sql(UPDATE_WORLD)
                  .batch(Flux.fromIterable(rows))
                  .thenReturn(update.updated());
            });
  }

  private Mono<ServerResponse> fortunes() {
    return db.sql(SELECT_FORTUNES)
        .map(Fortune.class)
        .all()
        .collectList()
        .map(
            fortunes ->
                ServerResponse.bytes(
                    FortunesPage.render(fortunes).getBytes(StandardCharsets.UTF_8), TEXT_HTML));
  }

  private Mono<ServerResponse> ingest(ServerRequest request) {
    IngestDecoder decoder = new IngestDecoder();
    Flux<ByteBuffer> copyRows =
        request
            .body()
            .map(chunk -> ByteBuffer.wrap(decode(decoder, chunk)))
            .concatWith(Mono.fromCallable(() -> ByteBuffer.wrap(decoder.finish())))
            .filter(ByteBuffer::hasRemaining)
            .onErrorMap(MalformedLineException.class, SluiceServer::problem);
    return db.copyIn(COPY_INGEST, copyRows)
        .map(inserted -> ServerResponse.json(new Inserted(inserted)));
  }

  private static byte[] decode(IngestDecoder decoder, ByteBuffer chunk) {
    if (chunk.hasArray()) {
      return decoder.decode(
          chunk.array(), chunk.arrayOffset() + chunk.position(), chunk.remaining());
    }
    byte[] copy = new byte[chunk.remaining()];
    chunk.get(copy);
    return decoder.decode(copy, 0, copy.length);
  }

  private static ProblemException problem(MalformedLineException malformed) {
    return new ProblemException(
        400, malformed.problem().detail(), Map.of("line", malformed.line()));
  }
}
