package io.sluice.bench.contract;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.postgresql.PGConnection;

/**
 * A server that breaks the streaming rules the way careless code does: {@code /stream} reads the
 * whole result into a list before writing it, {@code /ingest} reads the whole body before copying
 * it. The contract checker must catch both.
 */
final class BufferingServer implements RunningServer {

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final ServerSettings settings;

  BufferingServer(ServerSettings settings) throws IOException {
    this.settings = settings;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  @Override
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().set("Server", "buffering");
    try (Connection connection =
        DriverManager.getConnection(settings.jdbcUrl(), settings.pgUser(), settings.pgPassword())) {
      if (exchange.getRequestURI().getPath().equals("/stream")) {
        stream(
            exchange,
            connection,
            CountParameter.STREAM_ROWS.fromQuery(exchange.getRequestURI().getRawQuery()));
      } else if (exchange.getRequestURI().getPath().equals("/ingest")) {
        ingest(exchange, connection);
      } else {
        send(
            exchange,
            200,
            "application/json",
            "{\"id\":1,\"randomNumber\":1}".getBytes(StandardCharsets.US_ASCII));
      }
    } catch (SQLException e) {
      exchange.sendResponseHeaders(500, -1);
    } finally {
      exchange.close();
    }
  }

  private static void stream(HttpExchange exchange, Connection connection, int rows)
      throws IOException, SQLException {
    List<String> lines = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT id, randomnumber FROM stream_rows ORDER BY id LIMIT " + rows)) {
      while (result.next()) {
        lines.add("{\"id\":" + result.getInt(1) + ",\"randomNumber\":" + result.getInt(2) + "}\n");
      }
    }
    exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson");
    exchange.sendResponseHeaders(200, 0);
    try (OutputStream body = exchange.getResponseBody()) {
      for (String line : lines) {
        body.write(line.getBytes(StandardCharsets.US_ASCII));
      }
    }
  }

  private static void ingest(HttpExchange exchange, Connection connection)
      throws IOException, SQLException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    IngestDecoder decoder = new IngestDecoder();
    ByteArrayOutputStream rows = new ByteArrayOutputStream();
    rows.write(decoder.decode(body, 0, body.length));
    rows.write(decoder.finish());
    long inserted =
        connection
            .unwrap(PGConnection.class)
            .getCopyAPI()
            .copyIn(
                "COPY ingest (id, randomnumber) FROM STDIN",
                new java.io.ByteArrayInputStream(rows.toByteArray()));
    send(
        exchange,
        200,
        "application/json",
        ("{\"inserted\":" + inserted + "}").getBytes(StandardCharsets.US_ASCII));
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
