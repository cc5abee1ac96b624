package io.sluice.bench.contract;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import tools.jackson.databind.json.JsonMapper;

/**
 * The benchmark contract the blocking way: the JDK's built-in HTTP server ({@code
 * com.sun.net.httpserver}), pgjdbc and HikariCP, one thread per request. Threads are platform
 * threads from a fixed pool of {@value #PLATFORM_THREADS}, or one virtual thread per request with
 * {@code THREADS=virtual} (Java 21 or later).
 *
 * <p>{@code /stream} reads from a server-side cursor (a transaction with a fetch size) and writes
 * each row as the response accepts it; {@code /ingest} feeds the request body through {@code COPY
 * ... FROM STDIN}, cancelling the copy on a malformed line.
 *
 * <p>Run with {@code java -cp sluice-benchmarks.jar io.sluice.bench.contract.JdbcServer};
 * configured by the environment ({@code PORT}, {@code PGHOST}, ..., {@code DB_POOL}, {@code
 * THREADS}).
 */
public final class JdbcServer implements RunningServer {

  /** Size of the platform thread pool, Tomcat's default {@code maxThreads}. */
  static final int PLATFORM_THREADS = 200;

  private static final byte[] HELLO = Message.HELLO.getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NOT_FOUND = "Not Found".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NOT_ALLOWED =
      "Method Not Allowed".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SERVER_ERROR =
      "Internal Server Error".getBytes(StandardCharsets.US_ASCII);
  private static final String TEXT_PLAIN = "text/plain";
  private static final String APPLICATION_JSON = "application/json";
  private static final String PROBLEM_JSON = "application/problem+json";
  private static final String TEXT_HTML = "text/html; charset=utf-8";
  private static final String NDJSON = "application/x-ndjson";

  private static final String SELECT_WORLD = "SELECT id, randomnumber FROM world WHERE id = ?";
  private static final String UPDATE_WORLD = "UPDATE world SET randomnumber = ? WHERE id = ?";
  private static final String SELECT_FORTUNES = "SELECT id, message FROM fortune";
  private static final String SELECT_STREAM =
      "SELECT id, randomnumber FROM stream_rows ORDER BY id LIMIT ?";
  private static final String COPY_INGEST = "COPY ingest (id, randomnumber) FROM STDIN";

  /** Rows fetched from the cursor per round trip. */
  private static final int STREAM_FETCH_SIZE = 1_000;

  /** Bytes read from the request body, or buffered for the response, at a time. */
  private static final int IO_BUFFER = 16 * 1024;

  /** How request work is run: the thread model under test. */
  enum Threads {
    PLATFORM,
    VIRTUAL;

    /** Reads {@code THREADS}: {@code platform} (the default) or {@code virtual}. */
    static Threads fromEnvironment(Map<String, String> env) {
      String value = env.getOrDefault("THREADS", "platform").trim().toLowerCase(Locale.ROOT);
      return switch (value) {
        case "", "platform" -> PLATFORM;
        case "virtual" -> VIRTUAL;
        default ->
            throw new IllegalArgumentException(
                "THREADS must be 'platform' or 'virtual' but was '" + value + "'");
      };
    }
  }

  private final HikariDataSource dataSource;
  private final ExecutorService executor;
  private final HttpServer server;
  private final String serverName;
  private final JsonMapper json = JsonMapper.builder().build();

  private JdbcServer(ServerSettings settings, Threads threads) throws IOException {
    this.serverName = threads == Threads.VIRTUAL ? "jdbc-virtual" : "jdbc-platform";
    this.executor = executor(threads);
    HikariConfig config = new HikariConfig();
    config.setPoolName(serverName);
    config.setJdbcUrl(settings.jdbcUrl());
    config.setUsername(settings.pgUser());
    config.setPassword(settings.pgPassword());
    config.setMaximumPoolSize(settings.dbPool());
    config.setMinimumIdle(settings.dbPool());
    try {
      this.dataSource = new HikariDataSource(config);
    } catch (RuntimeException e) {
      executor.shutdownNow();
      throw e;
    }
    try {
      this.server = HttpServer.create(new InetSocketAddress(settings.port()), 1024);
    } catch (IOException | RuntimeException e) {
      dataSource.close();
      executor.shutdownNow();
      throw e;
    }
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /**
   * Starts the server, its thread pool and its connection pool.
   *
   * <p>Turns on {@code TCP_NODELAY} ({@code sun.net.httpserver.nodelay}) and raises {@code
   * sun.net.httpserver.maxIdleConnections} to 1024 unless those properties are already set: the
   * JDK's defaults (Nagle on, 200 idle keep-alive connections) would measure them, not the server.
   *
   * @throws UnsupportedOperationException for virtual threads before Java 21
   */
  static JdbcServer start(ServerSettings settings, Threads threads) {
    setIfAbsent("sun.net.httpserver.nodelay", "true");
    setIfAbsent("sun.net.httpserver.maxIdleConnections", "1024");
    try {
      return new JdbcServer(settings, threads);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to bind on port " + settings.port(), e);
    }
  }

  /** Runs the server until the process is stopped. */
  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    JdbcServer server = start(ServerSettings.fromEnvironment(env), Threads.fromEnvironment(env));
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "shutdown"));
  }

  @Override
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    dataSource.close();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      exchange.getResponseHeaders().set("Server", serverName);
      String path = exchange.getRequestURI().getRawPath();
      String query = exchange.getRequestURI().getRawQuery();
      Endpoint endpoint = Endpoint.forPath(path);
      if (endpoint == null) {
        send(exchange, 404, TEXT_PLAIN, NOT_FOUND);
        return;
      }
      if (!exchange.getRequestMethod().equals(endpoint.method())) {
        exchange.getResponseHeaders().set("Allow", endpoint.method());
        send(exchange, 405, TEXT_PLAIN, NOT_ALLOWED);
        return;
      }
      switch (endpoint) {
        case PLAINTEXT -> send(exchange, 200, TEXT_PLAIN, HELLO);
        case JSON ->
            send(
                exchange,
                200,
                APPLICATION_JSON,
                json.writeValueAsBytes(new Message(Message.HELLO)));
        case DB -> sendJson(exchange, db());
        case QUERIES -> sendJson(exchange, queries(CountParameter.QUERIES.fromQuery(query)));
        case UPDATES -> sendJson(exchange, updates(CountParameter.QUERIES.fromQuery(query)));
        case FORTUNES ->
            send(exchange, 200, TEXT_HTML, fortunes().getBytes(StandardCharsets.UTF_8));
        case STREAM -> stream(exchange, CountParameter.STREAM_ROWS.fromQuery(query));
        case INGEST -> ingest(exchange);
      }
    } catch (SQLException | RuntimeException e) {
      if (exchange.getResponseCode() == -1) {
        send(exchange, 500, TEXT_PLAIN, SERVER_ERROR);
      }
    } finally {
      exchange.close();
    }
  }

  private World db() throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(SELECT_WORLD)) {
      return world(select, World.randomId());
    }
  }

  private List<World> queries(int count) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(SELECT_WORLD)) {
      List<World> worlds = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        worlds.add(world(select, World.randomId()));
      }
      return worlds;
    }
  }

  /**
   * Reads the rows one query each, gives each distinct id a new random number, stores them in one
   * batch in id order (so that concurrent requests lock rows in the same order) and returns the
   * rows with their new values.
   */
  private List<World> updates(int count) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      List<World> worlds = new ArrayList<>(count);
      try (PreparedStatement select = connection.prepareStatement(SELECT_WORLD)) {
        for (int i = 0; i < count; i++) {
          worlds.add(world(select, World.randomId()));
        }
      }
      WorldUpdate update = WorldUpdate.of(worlds);
      try (PreparedStatement statement = connection.prepareStatement(UPDATE_WORLD)) {
        for (Map.Entry<Integer, Integer> entry : update.newValues().entrySet()) {
          statement.setInt(1, entry.getValue());
          statement.setInt(2, entry.getKey());
          statement.addBatch();
        }
        statement.executeBatch();
      }
      return update.updated();
    }
  }

  private String fortunes() throws SQLException {
    List<Fortune> fortunes = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(SELECT_FORTUNES);
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        fortunes.add(new Fortune(rows.getInt(1), rows.getString(2)));
      }
    }
    return FortunesPage.render(fortunes);
  }

  private void stream(HttpExchange exchange, int count) throws IOException, SQLException {
    try (Connection connection = dataSource.getConnection()) {
      // pgjdbc keeps a cursor (and fetches STREAM_FETCH_SIZE rows at a time) only in a transaction.
      connection.setAutoCommit(false);
      try (PreparedStatement select = connection.prepareStatement(SELECT_STREAM)) {
        select.setFetchSize(STREAM_FETCH_SIZE);
        select.setInt(1, count);
        try (ResultSet rows = select.executeQuery()) {
          exchange.getResponseHeaders().set("Content-Type", NDJSON);
          exchange.sendResponseHeaders(200, 0);
          OutputStream body = new BufferedOutputStream(exchange.getResponseBody(), IO_BUFFER);
          while (rows.next()) {
            body.write(json.writeValueAsBytes(new World(rows.getInt(1), rows.getInt(2))));
            body.write('\n');
          }
          body.flush();
        }
        connection.commit();
      } catch (IOException | SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    }
  }

  private void ingest(HttpExchange exchange) throws IOException, SQLException {
    try (Connection connection = dataSource.getConnection()) {
      CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY_INGEST);
      try {
        IngestDecoder decoder = new IngestDecoder();
        InputStream body = exchange.getRequestBody();
        byte[] chunk = new byte[IO_BUFFER];
        for (int read = body.read(chunk); read >= 0; read = body.read(chunk)) {
          write(copy, decoder.decode(chunk, 0, read));
        }
        write(copy, decoder.finish());
        long inserted = copy.endCopy();
        sendJson(exchange, new Inserted(inserted));
      } catch (MalformedLineException e) {
        copy.cancelCopy();
        send(exchange, 400, PROBLEM_JSON, json.writeValueAsBytes(e.problem()));
      } finally {
        if (copy.isActive()) {
          copy.cancelCopy();
        }
      }
    }
  }

  private static void write(CopyIn copy, byte[] rows) throws SQLException {
    if (rows.length > 0) {
      copy.writeToCopy(rows, 0, rows.length);
    }
  }

  private static World world(PreparedStatement select, int id) throws SQLException {
    select.setInt(1, id);
    try (ResultSet rows = select.executeQuery()) {
      if (!rows.next()) {
        throw new SQLException("No world row with id " + id);
      }
      return new World(rows.getInt(1), rows.getInt(2));
    }
  }

  private void sendJson(HttpExchange exchange, Object value) throws IOException {
    send(exchange, 200, APPLICATION_JSON, json.writeValueAsBytes(value));
  }

  private static void send(HttpExchange exchange, int status, String contentType, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static ExecutorService executor(Threads threads) {
    if (threads == Threads.PLATFORM) {
      AtomicInteger count = new AtomicInteger();
      ThreadFactory factory = task -> new Thread(task, "jdbc-platform-" + count.incrementAndGet());
      return Executors.newFixedThreadPool(PLATFORM_THREADS, factory);
    }
    try {
      // Compiled for Java 17: look up Executors.newVirtualThreadPerTaskExecutor() (Java 21+).
      MethodHandle perTask =
          MethodHandles.publicLookup()
              .findStatic(
                  Executors.class,
                  "newVirtualThreadPerTaskExecutor",
                  MethodType.methodType(ExecutorService.class));
      return (ExecutorService) perTask.invoke();
    } catch (NoSuchMethodException | IllegalAccessException e) {
      throw new UnsupportedOperationException(
          "THREADS=virtual needs Java 21 or later; this is Java " + Runtime.version(), e);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException("Failed to create the virtual thread executor", e);
    }
  }

  private static void setIfAbsent(String property, String value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, value);
    }
  }
}
