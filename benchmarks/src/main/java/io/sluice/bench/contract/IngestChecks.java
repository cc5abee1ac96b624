package io.sluice.bench.contract;

import static io.sluice.bench.contract.ContractViolation.require;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks of {@code /ingest}: accepted line forms, malformed lines answered with {@code 400} naming
 * the line and nothing inserted (also deep in a large body), a large body inserted whole, and a
 * fast sender held back by the database rather than buffered by the server.
 */
final class IngestChecks {

  private static final long MB = 1024 * 1024;

  /** The sender's socket send buffer: small, so the server's reading paces the sender. */
  private static final int SENDER_SEND_BUFFER = 64 * 1024;

  private final InetSocketAddress server;
  private final ContractDatabase database;
  private final CheckerOptions options;
  private final MemoryProbe memory;
  private final JsonMapper json = JsonMapper.builder().build();

  IngestChecks(
      InetSocketAddress server,
      ContractDatabase database,
      CheckerOptions options,
      MemoryProbe memory) {
    this.server = server;
    this.database = database;
    this.options = options;
    this.memory = memory;
  }

  String acceptedLineForms() throws IOException, SQLException {
    database.truncateIngest();
    String body =
        String.join(
            "",
            "{\"id\":1,\"randomNumber\":2}\n",
            "\n",
            "{\"id\":3,\"randomNumber\":4,\"extra\":\"ignored\"}\r\n",
            "  \n",
            "{\"randomNumber\":-2147483648,\"id\":2147483647}");
    HttpProbe.Response response = post(body);
    ResponseShape.require(response.head(), 200, "application/json", "POST /ingest");
    JsonNode reply = parse(response);
    require(
        reply.path("inserted").asLong(-1) == 3,
        () -> "POST /ingest of 3 rows answered " + response.text());
    List<World> rows = database.ingestRows();
    List<World> expected =
        List.of(new World(1, 2), new World(3, 4), new World(2147483647, -2147483648));
    require(rows.equals(expected), () -> "POST /ingest stored " + rows + ", expected " + expected);
    return "blank lines, extra keys, CRLF, any key order and a last line without newline";
  }

  String malformedLinesAreRejectedWhole() throws IOException, SQLException {
    database.truncateIngest();
    String good = "{\"id\":1,\"randomNumber\":2}\n";
    Map<String, Integer> cases = new LinkedHashMap<>();
    cases.put(good + "{\"id\":1}\n" + good, 2);
    cases.put(good + good + "{\"id\":\"7\",\"randomNumber\":1}\n", 3);
    cases.put("{\"id\":2147483648,\"randomNumber\":1}\n" + good, 1);
    cases.put(good + "{\"id\":1.5,\"randomNumber\":1}\n", 2);
    cases.put(good + good + "\n" + "not json\n" + good, 4);
    cases.put(good + "[1,2]\n", 2);
    cases.put(good + "{\"id\":1,\"randomNumber\":2} trailing\n", 2);
    cases.put("null\n", 1);
    cases.put(good + "{\"id\":1,\"randomNumber\":null}", 2);
    for (Map.Entry<String, Integer> entry : cases.entrySet()) {
      HttpProbe.Response response = post(entry.getKey());
      String request = "POST /ingest with line " + entry.getValue() + " malformed";
      requireBadLine(response, entry.getValue(), request);
      long stored = database.ingestTotals().rows();
      require(stored == 0, () -> request + ": " + stored + " rows inserted");
    }
    return cases.size() + " malformed forms: 400 naming the line, nothing inserted";
  }

  String malformedLineDeepInALargeBody() throws IOException, SQLException {
    database.truncateIngest();
    int bad = options.malformedDeepLine();
    Upload upload = upload(bad + 10_000, bad, true, false);
    String request = "POST /ingest (chunked) with line " + bad + " malformed";
    requireBadLine(upload.response, bad, request);
    long stored = database.ingestTotals().rows();
    require(stored == 0, () -> request + ": " + stored + " rows inserted");
    return String.format(
        "400 naming line %,d after %,d KB sent; nothing inserted", bad, upload.sentBytes / 1024);
  }

  /**
   * Sends {@code ingestRows} lines as fast as the socket takes them and checks they are all
   * inserted, that the server's memory stays within the limit, and that the sender was held back:
   * when the last byte left the sender, at most {@code ingestAheadLimit} bytes can still have been
   * waiting for the database (estimated at the server's average insert rate).
   */
  String largeBodyIsInsertedWithoutBuffering() throws IOException, SQLException {
    database.truncateIngest();
    int rows = options.ingestRows();
    read("/db");
    long baseline = memory.bytes();
    Upload upload = upload(rows, 0, false, true);
    ResponseShape.require(upload.response.head(), 200, "application/json", "POST /ingest");
    JsonNode reply = parse(upload.response);
    require(
        reply.path("inserted").asLong(-1) == rows,
        () -> "POST /ingest of " + rows + " lines answered " + upload.response.text());
    ContractDatabase.IngestTotals totals = database.ingestTotals();
    long idSum = (long) rows * (rows + 1) / 2;
    require(
        totals.rows() == rows && totals.idSum() == idSum,
        () -> "POST /ingest of " + rows + " lines stored " + totals);
    double seconds = upload.responseNanos / 1e9;
    long ahead =
        Math.round(upload.sentBytes * (1 - upload.lastByteNanos / (double) upload.responseNanos));
    long growth = upload.peakMemory - baseline;
    String figures =
        String.format(
            "%,d rows in %.2f s (%,.0f rows/s); last byte sent at %.2f s, so at most ~%,.1f MB"
                + " waited for the database (limit %,d MB); %s grew %+,.1f MB (limit %,d MB)",
            rows,
            seconds,
            rows / seconds,
            upload.lastByteNanos / 1e9,
            ahead / (double) MB,
            options.ingestAheadLimit() / MB,
            memory.description(),
            growth / (double) MB,
            options.memoryGrowthLimit() / MB);
    require(ahead <= options.ingestAheadLimit(), () -> "sender not held back: " + figures);
    require(growth <= options.memoryGrowthLimit(), () -> "body buffered: " + figures);
    return figures;
  }

  private void requireBadLine(HttpProbe.Response response, long line, String request) {
    require(
        response.status() == 400,
        () -> request + ": status " + response.status() + ", expected 400: " + response.text());
    String type = response.head().header("content-type");
    require(
        type != null && type.contains("json"),
        () -> request + ": 400 with Content-Type " + type + ", expected JSON");
    JsonNode problem = parse(response);
    require(
        problem.path("line").asLong(-1) == line,
        () -> request + ": 400 body does not name line " + line + ": " + response.text());
  }

  private void read(String target) throws IOException {
    HttpProbe.exchange(server, "GET", target, null);
  }

  private HttpProbe.Response post(String body) throws IOException {
    return HttpProbe.exchange(server, "POST", "/ingest", body.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Posts {@code lines} generated lines, line {@code badLine} (if positive) malformed, writing on a
   * separate thread while this one waits for the response (and another samples the server's memory
   * if asked).
   */
  private Upload upload(int lines, int badLine, boolean chunked, boolean sampleMemory)
      throws IOException {
    try (HttpProbe probe = HttpProbe.connect(server, 0, SENDER_SEND_BUFFER, 300_000)) {
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Content-Type", "application/x-ndjson");
      if (chunked) {
        headers.put("Transfer-Encoding", "chunked");
      } else {
        headers.put("Content-Length", Long.toString(bodyLength(lines, badLine)));
      }
      long start = System.nanoTime();
      probe.writeHead("POST", "/ingest", headers);
      AtomicLong sent = new AtomicLong();
      AtomicLong lastByte = new AtomicLong();
      AtomicReference<@Nullable IOException> writeFailure = new AtomicReference<>();
      Thread writer =
          new Thread(
              () -> {
                try {
                  OutputStream out = chunked ? new ChunkedOutput(probe.body()) : probe.body();
                  BufferedOutputStream buffered = new BufferedOutputStream(out, 64 * 1024);
                  for (int i = 1; i <= lines; i++) {
                    byte[] line = line(i, badLine);
                    buffered.write(line);
                    sent.addAndGet(line.length);
                  }
                  buffered.flush();
                  if (out instanceof ChunkedOutput chunks) {
                    chunks.finish();
                  }
                  lastByte.set(System.nanoTime() - start);
                } catch (IOException e) {
                  // The server may answer (400) and close before the whole body is sent.
                  writeFailure.set(e);
                }
              },
              "ingest-sender");
      writer.setDaemon(true);
      writer.start();
      MemorySampler sampler = new MemorySampler(memory);
      if (sampleMemory) {
        sampler.start();
      }
      HttpProbe.Response response;
      long responseNanos;
      try {
        HttpProbe.Head head = probe.readHead();
        responseNanos = System.nanoTime() - start;
        response = new HttpProbe.Response(head, probe.readBody(head).readAllBytes());
      } finally {
        sampler.stop();
      }
      join(writer);
      IOException failure = writeFailure.get();
      if (failure != null && response.status() == 200) {
        throw failure;
      }
      return new Upload(response, sent.get(), lastByte.get(), responseNanos, sampler.peak());
    }
  }

  private static long bodyLength(int lines, int badLine) {
    long length = 0;
    for (int i = 1; i <= lines; i++) {
      length += line(i, badLine).length;
    }
    return length;
  }

  private static byte[] line(int i, int badLine) {
    String text =
        i == badLine
            ? "{\"id\":" + i + ",\"randomNumber\":\"oops\"}\n"
            : "{\"id\":" + i + ",\"randomNumber\":" + (i % 10_000 + 1) + "}\n";
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private JsonNode parse(HttpProbe.Response response) {
    try {
      return json.readTree(response.body());
    } catch (JacksonException e) {
      throw new ContractViolation("POST /ingest: not JSON: " + response.text());
    }
  }

  private static void join(Thread thread) {
    try {
      thread.join(60_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the sender", e);
    }
  }

  private record Upload(
      HttpProbe.Response response,
      long sentBytes,
      long lastByteNanos,
      long responseNanos,
      long peakMemory) {}

  /** Writes what it is given as chunks of chunked transfer coding. */
  private static final class ChunkedOutput extends OutputStream {

    private final OutputStream out;

    ChunkedOutput(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      if (length == 0) {
        return;
      }
      out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(bytes, offset, length);
      out.write('\r');
      out.write('\n');
    }

    void finish() throws IOException {
      out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }
  }
}
