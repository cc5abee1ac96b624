package io.sluice.bench.contract;

import static io.sluice.bench.contract.ContractViolation.require;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks of {@code /stream}: defaults and clamping, every line of a large read, connections given
 * back by abandoned streams, and server memory that stays flat under a slow reader.
 */
final class StreamChecks {

  private static final long MB = 1024 * 1024;

  /** A slow reader's receive buffer: small, so that TCP holds the server back. */
  private static final int SLOW_READER_RECEIVE_BUFFER = 64 * 1024;

  /** The slow reader asks for the most rows: memory must not grow with them. */
  private static final int SLOW_READ_ROWS = 1_000_000;

  private final InetSocketAddress server;
  private final ContractDatabase database;
  private final CheckerOptions options;
  private final MemoryProbe memory;
  private final JsonMapper json = JsonMapper.builder().build();

  StreamChecks(
      InetSocketAddress server,
      ContractDatabase database,
      CheckerOptions options,
      MemoryProbe memory) {
    this.server = server;
    this.database = database;
    this.options = options;
    this.memory = memory;
  }

  String defaultsAndClamping() throws IOException {
    Map<String, Integer> expected = new LinkedHashMap<>();
    expected.put("/stream", 1000);
    expected.put("/stream?n=", 1000);
    expected.put("/stream?n=foo", 1000);
    expected.put("/stream?n=0", 1);
    expected.put("/stream?n=-5", 1);
    expected.put("/stream?n=7", 7);
    for (Map.Entry<String, Integer> entry : expected.entrySet()) {
      Read read = read(entry.getKey());
      require(
          read.lines == entry.getValue(),
          () ->
              "GET " + entry.getKey() + ": " + read.lines + " lines, expected " + entry.getValue());
    }
    return String.join(", ", expected.keySet()) + " give the expected line counts";
  }

  /**
   * Reads {@code streamRows} rows, checking every line; asks for 2,000,000 when {@code
   * streamUpperClamp} is set, so that the read also checks the clamp to 1,000,000.
   */
  String largeRead() throws IOException {
    int rows = options.streamRows();
    boolean clamp =
        options.streamUpperClamp() && rows == CountParameter.STREAM_ROWS.parse("2000000");
    String target = "/stream?n=" + (clamp ? 2_000_000 : rows);
    Read read = read(target);
    require(
        read.lines == rows, () -> "GET " + target + ": " + read.lines + " lines, expected " + rows);
    double seconds = read.totalNanos / 1e9;
    return String.format(
        "GET %s: %,d lines in order with the right values; first byte after %.1f ms, %,.0f rows/s",
        target, read.lines, read.firstByteNanos / 1e6, rows / seconds);
  }

  /**
   * Abandons more streams than any pool holds, each after its first bytes, then asks for rows
   * again: a server that kept a connection per abandoned stream has none left.
   */
  String abandonedStreamsGiveTheirConnectionsBack() throws IOException {
    for (int i = 0; i < options.cancelledStreams(); i++) {
      try (HttpProbe probe = HttpProbe.connect(server, SLOW_READER_RECEIVE_BUFFER, 0, 30_000)) {
        probe.writeHead("GET", "/stream?n=1000000", Map.of());
        HttpProbe.Head head = probe.readHead();
        ResponseShape.require(head, 200, "application/x-ndjson", "GET /stream?n=1000000");
        byte[] first = new byte[1024];
        require(
            probe.readBody(head).readNBytes(first, 0, first.length) == first.length,
            () -> "GET /stream?n=1000000: ended before 1 KB");
      }
    }
    for (String target : new String[] {"/stream?n=10", "/db", "/queries?queries=5"}) {
      HttpProbe.Response response = HttpProbe.exchange(server, "GET", target, null);
      require(
          response.status() == 200,
          () ->
              "after "
                  + options.cancelledStreams()
                  + " abandoned streams, GET "
                  + target
                  + " answered "
                  + response.status());
    }
    return options.cancelledStreams() + " streams abandoned after 1 KB; the database still answers";
  }

  /**
   * Reads 1,000,000 rows at the slow reader's rate for the window and checks that the server pulls
   * rows on demand: at the end its query is still open in the database (a server that fetched the
   * result into memory would have finished it within a second or two), and its memory grew by less
   * than the limit.
   */
  String memoryStaysFlatForASlowReader() throws IOException, SQLException {
    for (int i = 0; i < 3; i++) {
      read("/stream?n=1000");
    }
    long baseline = memory.bytes();
    long rate = options.slowReaderBytesPerSecond();
    long bytes = 0;
    long window = options.slowReadWindow().toNanos();
    int openQueries;
    MemorySampler sampler = new MemorySampler(memory);
    try (HttpProbe probe = HttpProbe.connect(server, SLOW_READER_RECEIVE_BUFFER, 0, 30_000)) {
      probe.writeHead("GET", "/stream?n=" + SLOW_READ_ROWS, Map.of());
      HttpProbe.Head head = probe.readHead();
      ResponseShape.require(head, 200, "application/x-ndjson", "GET /stream (slow reader)");
      InputStream body = probe.readBody(head);
      byte[] buffer = new byte[4096];
      long start = System.nanoTime();
      sampler.start();
      try {
        while (System.nanoTime() - start < window) {
          int read = body.read(buffer);
          if (read < 0) {
            break;
          }
          bytes += read;
          long due = start + bytes * 1_000_000_000L / rate;
          long now = System.nanoTime();
          if (due > now) {
            sleepNanos(due - now);
          }
        }
      } finally {
        sampler.stop();
      }
      openQueries = database.openStreamQueries();
    }
    long peak = sampler.peak();
    long growth = peak - baseline;
    long readBytes = bytes;
    String figures =
        String.format(
            "read %,d KB of %,d rows at %d KB/s; %s %,d MB before, peak %,d MB (%+,.1f MB,"
                + " limit %,d MB)",
            readBytes / 1024,
            SLOW_READ_ROWS,
            rate / 1024,
            memory.description(),
            baseline / MB,
            peak / MB,
            growth / (double) MB,
            options.memoryGrowthLimit() / MB);
    require(
        openQueries > 0,
        () ->
            "the stream query was no longer running after "
                + options.slowReadWindow().toSeconds()
                + " s of slow reading: rows were pulled ahead of the reader; "
                + figures);
    require(growth <= options.memoryGrowthLimit(), () -> "memory grew: " + figures);
    return "query still open in the database when the reader left; " + figures;
  }

  /** Reads a whole stream, checking every line against {@code stream_rows}. */
  private Read read(String target) throws IOException {
    try (HttpProbe probe = HttpProbe.connect(server, 0, 0, 60_000)) {
      long start = System.nanoTime();
      probe.writeHead("GET", target, Map.of());
      HttpProbe.Head head = probe.readHead();
      long firstByte = System.nanoTime() - start;
      ResponseShape.require(head, 200, "application/x-ndjson", "GET " + target);
      require(head.isChunked(), () -> "GET " + target + ": not chunked");
      LineCounter counter = new LineCounter(target);
      InputStream body = probe.readBody(head);
      byte[] buffer = new byte[64 * 1024];
      for (int read = body.read(buffer); read >= 0; read = body.read(buffer)) {
        counter.accept(buffer, read);
      }
      counter.finish();
      return new Read(counter.lines, firstByte, System.nanoTime() - start);
    }
  }

  private static void sleepNanos(long nanos) {
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while reading slowly", e);
    }
  }

  private record Read(long lines, long firstByteNanos, long totalNanos) {}

  /** Splits a body into lines and checks line i is row i of {@code stream_rows}. */
  private final class LineCounter {

    private final String target;
    private final StringBuilder line = new StringBuilder(64);
    private long lines;

    LineCounter(String target) {
      this.target = target;
    }

    void accept(byte[] bytes, int length) {
      for (int i = 0; i < length; i++) {
        byte b = bytes[i];
        if (b == '\n') {
          check(line.toString());
          line.setLength(0);
        } else {
          line.append((char) (b & 0xff));
        }
      }
    }

    void finish() {
      require(line.length() == 0, () -> "GET " + target + ": last line has no newline");
    }

    private void check(String text) {
      long id = ++lines;
      long randomNumber = id * 7919 % 10_000 + 1;
      if (text.equals("{\"id\":" + id + ",\"randomNumber\":" + randomNumber + "}")) {
        return;
      }
      JsonNode node;
      try {
        node = json.readTree(text.getBytes(StandardCharsets.ISO_8859_1));
      } catch (JacksonException e) {
        throw new ContractViolation("GET " + target + ": line " + id + " is not JSON: " + text);
      }
      require(
          node.isObject()
              && node.size() == 2
              && node.path("id").asLong(-1) == id
              && node.path("randomNumber").asLong(-1) == randomNumber,
          () ->
              "GET "
                  + target
                  + ": line "
                  + id
                  + " is "
                  + text
                  + ", expected id "
                  + id
                  + " and randomNumber "
                  + randomNumber);
    }
  }
}
