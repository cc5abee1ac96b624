package io.sluice.bench.contract;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import io.r2dbc.spi.Wrapped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * The benchmark contract on bare Reactor Netty, r2dbc-postgresql and r2dbc-pool, written the way a
 * user without Sluice would: routing by hand on the request path, JSON with Jackson, one pooled
 * connection per request, {@code /stream} from a cursor ({@code fetchSize}) under the response's
 * demand and {@code /ingest} through {@code COPY ... FROM STDIN} fed by the request body.
 *
 * <p>Run with {@code java -cp sluice-benchmarks.jar io.sluice.bench.contract.ReactorNettyServer};
 * configured by the environment ({@code PORT}, {@code PGHOST}, ..., {@code DB_POOL}).
 */
public final class ReactorNettyServer implements RunningServer {

  private static final String SERVER_NAME = "reactor-netty";
  private static final byte[] HELLO = Message.HELLO.getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NOT_FOUND = "Not Found".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NOT_ALLOWED =
      "Method Not Allowed".getBytes(StandardCharsets.US_ASCII);
  private static final String TEXT_PLAIN = "text/plain";
  private static final String APPLICATION_JSON = "application/json";
  private static final String PROBLEM_JSON = "application/problem+json";
  private static final String TEXT_HTML = "text/html; charset=utf-8";
  private static final String NDJSON = "application/x-ndjson";

  private static final String SELECT_WORLD = "SELECT id, randomnumber FROM world WHERE id = $1";
  private static final String UPDATE_WORLD = "UPDATE world SET randomnumber = $1 WHERE id = $2";
  private static final String SELECT_FORTUNES = "SELECT id, message FROM fortune";
  private static final String SELECT_STREAM =
      "SELECT id, randomnumber FROM stream_rows ORDER BY id LIMIT $1";
  private static final String COPY_INGEST = "COPY ingest (id, randomnumber) FROM STDIN";

  /** Rows fetched from the cursor per round trip. */
  private static final int STREAM_FETCH_SIZE = 1_000;

  /** Rows written per HTTP chunk. */
  private static final int STREAM_ROWS_PER_CHUNK = 128;

  private final ConnectionPool pool;
  private final DisposableServer server;
  private final JsonMapper json = JsonMapper.builder().build();
  private final HttpDate date = new HttpDate(Clock.systemUTC());

  private ReactorNettyServer(ServerSettings settings) {
    PostgresqlConnectionConfiguration.Builder database =
        PostgresqlConnectionConfiguration.builder()
            .host(settings.pgHost())
            .port(settings.pgPort())
            .username(settings.pgUser())
            .database(settings.pgDatabase());
    if (!settings.pgPassword().isEmpty()) {
      database.password(settings.pgPassword());
    }
    this.pool =
        new ConnectionPool(
            ConnectionPoolConfiguration.builder(new PostgresqlConnectionFactory(database.build()))
                .initialSize(settings.dbPool())
                .maxSize(settings.dbPool())
                .build());
    try {
      pool.warmup().block(Duration.ofSeconds(30));
      this.server =
          HttpServer.create().host("0.0.0.0").port(settings.port()).handle(this::handle).bindNow();
    } catch (RuntimeException e) {
      pool.dispose();
      throw e;
    }
  }

  /** Starts the server and its database pool; blocks until it listens. */
  static ReactorNettyServer start(ServerSettings settings) {
    return new ReactorNettyServer(settings);
  }

  /** Runs the server until the process is stopped. */
  public static void main(String[] args) {
    ReactorNettyServer server = start(ServerSettings.fromEnvironment(System.getenv()));
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "shutdown"));
    server.server.onDispose().block();
  }

  @Override
  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.disposeNow(Duration.ofSeconds(5));
    pool.dispose();
  }

  private Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
    response.header(HttpHeaderNames.SERVER, SERVER_NAME);
    String uri = request.uri();
    int question = uri.indexOf('?');
    String path = question < 0 ? uri : uri.substring(0, question);
    @Nullable String query = question < 0 ? null : uri.substring(question + 1);
    Endpoint endpoint = Endpoint.forPath(path);
    if (endpoint == null) {
      return send(response.status(HttpResponseStatus.NOT_FOUND), TEXT_PLAIN, NOT_FOUND);
    }
    if (!request.method().name().equals(endpoint.method())) {
      return send(
          response
              .status(HttpResponseStatus.METHOD_NOT_ALLOWED)
              .header(HttpHeaderNames.ALLOW, endpoint.method()),
          TEXT_PLAIN,
          NOT_ALLOWED);
    }
    return switch (endpoint) {
      case PLAINTEXT -> send(response, TEXT_PLAIN, HELLO);
      case JSON ->
          send(response, APPLICATION_JSON, json.writeValueAsBytes(new Message(Message.HELLO)));
      case DB -> db(response);
      case QUERIES -> queries(response, CountParameter.QUERIES.fromQuery(query));
      case UPDATES -> updates(response, CountParameter.QUERIES.fromQuery(query));
      case FORTUNES -> fortunes(response);
      case STREAM -> stream(response, CountParameter.STREAM_ROWS.fromQuery(query));
      case INGEST -> ingest(request, response);
    };
  }

  private Mono<Void> db(HttpServerResponse response) {
    Mono<World> world =
        Mono.usingWhen(pool.create(), connection -> world(connection), Connection::close);
    return sendJson(response, world);
  }

  private Mono<Void> queries(HttpServerResponse response, int count) {
    Mono<List<World>> worlds =
        Flux.usingWhen(
                pool.create(),
                connection -> Flux.range(0, count).concatMap(i -> world(connection)),
                Connection::close)
            .collectList();
    return sendJson(response, worlds);
  }

  private Mono<Void> updates(HttpServerResponse response, int count) {
    Mono<List<World>> updated =
        Mono.usingWhen(
            pool.create(),
            connection ->
                Flux.range(0, count)
                    .concatMap(i -> world(connection))
                    .collectList()
                    .flatMap(worlds -> update(connection, worlds)),
            Connection::close);
    return sendJson(response, updated);
  }

  /** Stores the new values in one batch, in id order, and returns the updated rows. */
  private static Mono<List<World>> update(Connection connection, List<World> worlds) {
    WorldUpdate update = WorldUpdate.of(worlds);
    Statement statement = connection.createStatement(UPDATE_WORLD);
    boolean first = true;
    for (Map.Entry<Integer, Integer> entry : update.newValues().entrySet()) {
      if (!first) {
        statement.add();
      }
      statement.bind("$1", entry.getValue()).bind("$2", entry.getKey());
      first = false;
    }
    return Flux.from(statement.execute())
        .concatMap(Result::getRowsUpdated)
        .then(Mono.just(update.updated()));
  }

  private Mono<Void> fortunes(HttpServerResponse response) {
    Mono<byte[]> page =
        Flux.usingWhen(
                pool.create(),
                connection ->
                    Flux.from(connection.createStatement(SELECT_FORTUNES).execute())
                        .concatMap(
                            result ->
                                result.map(row -> new Fortune(integer(row, 0), text(row, 1)))),
                Connection::close)
            .collectList()
            .map(fortunes -> FortunesPage.render(fortunes).getBytes(StandardCharsets.UTF_8));
    return send(response, TEXT_HTML, page);
  }

  private Mono<Void> stream(HttpServerResponse response, int rows) {
    ByteBufAllocator allocator = response.alloc();
    Flux<ByteBuf> lines =
        Flux.usingWhen(
                pool.create(),
                connection ->
                    Flux.from(
                            connection
                                .createStatement(SELECT_STREAM)
                                .bind("$1", rows)
                                .fetchSize(STREAM_FETCH_SIZE)
                                .execute())
                        .concatMap(result -> result.map(ReactorNettyServer::world)),
                Connection::close)
            .buffer(STREAM_ROWS_PER_CHUNK)
            .map(chunk -> ndjson(allocator, chunk));
    return response
        .header(HttpHeaderNames.CONTENT_TYPE, NDJSON)
        .header(HttpHeaderNames.DATE, date.now())
        .send(lines)
        .then();
  }

  private ByteBuf ndjson(ByteBufAllocator allocator, List<World> worlds) {
    ByteBuf chunk = allocator.buffer(worlds.size() * 32);
    try {
      for (World world : worlds) {
        chunk.writeBytes(json.writeValueAsBytes(world)).writeByte('\n');
      }
      return chunk;
    } catch (RuntimeException e) {
      chunk.release();
      throw e;
    }
  }

  private Mono<Void> ingest(HttpServerRequest request, HttpServerResponse response) {
    IngestDecoder decoder = new IngestDecoder();
    AtomicReference<@Nullable MalformedLineException> malformed = new AtomicReference<>();
    Flux<ByteBuf> copyRows =
        request
            .receive()
            .map(chunk -> Unpooled.wrappedBuffer(decode(decoder, chunk)))
            .concatWith(Mono.fromCallable(() -> Unpooled.wrappedBuffer(decoder.finish())))
            .filter(ByteBuf::isReadable)
            .doOnError(MalformedLineException.class, malformed::set);
    Mono<Long> inserted =
        Mono.usingWhen(
            pool.create(),
            connection -> postgres(connection).copyIn(COPY_INGEST, copyRows),
            Connection::close);
    return inserted
        .flatMap(rows -> sendJson(response, Mono.just(new Inserted(rows))))
        .onErrorResume(
            e -> malformed.get() != null,
            e -> {
              MalformedLineException error = Objects.requireNonNull(malformed.get());
              return send(
                  response.status(HttpResponseStatus.BAD_REQUEST),
                  PROBLEM_JSON,
                  json.writeValueAsBytes(error.problem()));
            });
  }

  private static byte[] decode(IngestDecoder decoder, ByteBuf chunk) {
    if (chunk.hasArray()) {
      return decoder.decode(
          chunk.array(), chunk.arrayOffset() + chunk.readerIndex(), chunk.readableBytes());
    }
    byte[] copy = ByteBufUtil.getBytes(chunk);
    return decoder.decode(copy, 0, copy.length);
  }

  private static PostgresqlConnection postgres(Connection connection) {
    Connection unwrapped = connection;
    while (!(unwrapped instanceof PostgresqlConnection) && unwrapped instanceof Wrapped<?>) {
      unwrapped = (Connection) ((Wrapped<?>) unwrapped).unwrap();
    }
    if (!(unwrapped instanceof PostgresqlConnection)) {
      throw new IllegalStateException("COPY needs a PostgresqlConnection, got " + connection);
    }
    return (PostgresqlConnection) unwrapped;
  }

  private static Mono<World> world(Connection connection) {
    return Flux.from(
            connection.createStatement(SELECT_WORLD).bind("$1", World.randomId()).execute())
        .concatMap(result -> result.map(ReactorNettyServer::world))
        .single();
  }

  private static World world(Readable row) {
    return new World(integer(row, 0), integer(row, 1));
  }

  private static int integer(Readable row, int index) {
    Integer value = row.get(index, Integer.class);
    if (value == null) {
      throw new IllegalStateException("NULL in column " + index);
    }
    return value;
  }

  private static String text(Readable row, int index) {
    String value = row.get(index, String.class);
    if (value == null) {
      throw new IllegalStateException("NULL in column " + index);
    }
    return value;
  }

  private <T> Mono<Void> sendJson(HttpServerResponse response, Mono<T> value) {
    return send(response, APPLICATION_JSON, value.map(json::writeValueAsBytes));
  }

  /** Sends a body computed later, dated when it is ready. */
  private Mono<Void> send(HttpServerResponse response, String contentType, Mono<byte[]> body) {
    return response
        .header(HttpHeaderNames.CONTENT_TYPE, contentType)
        .send(
            body.map(
                bytes -> {
                  response.header(HttpHeaderNames.DATE, date.now());
                  return Unpooled.wrappedBuffer(bytes);
                }))
        .then();
  }

  private Mono<Void> send(HttpServerResponse response, String contentType, byte[] body) {
    return response
        .header(HttpHeaderNames.CONTENT_TYPE, contentType)
        .header(HttpHeaderNames.DATE, date.now())
        .sendObject(Unpooled.wrappedBuffer(body))
        .then();
  }
}
