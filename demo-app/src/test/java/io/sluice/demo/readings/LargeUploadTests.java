package io.sluice.demo.readings;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.db.Database;
import io.sluice.demo.DemoApplication;
import io.sluice.demo.DemoUnderTest;
import io.sluice.test.postgres.PostgresDatabase;
import io.sluice.test.postgres.PostgresTest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A million readings uploaded to the app running in a JVM of its own with a 128 MiB heap: the
 * upload streams through parsing into COPY, never held in memory on either side.
 */
@PostgresTest
class LargeUploadTests {

  /** A million by default; {@code -Ddemo.largeUpload.lines=100000} for a shorter run. */
  private static final int LINES = Integer.getInteger("demo.largeUpload.lines", 1_000_000);

  private static final int LINES_PER_CHUNK = 1_000;
  private static final String HEAP = "128m";
  private static final Pattern LISTENING =
      Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)/");

  @Test
  void aMillionLineNdjsonUploadToAnAppWithA128MibHeapIsStoredCompletely(
      PostgresDatabase database, @TempDir Path dataDir) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + HEAP,
                "-cp",
                System.getProperty("java.class.path"),
                DemoApplication.class.getName())
            .redirectErrorStream(true);
    builder
        .environment()
        .putAll(
            Map.of(
                "PORT",
                "0",
                "DATABASE_URL",
                database.r2dbcUrl(),
                "API_TOKEN",
                DemoUnderTest.TOKEN,
                "LOG_FORMAT",
                "text",
                "SEED_DATA",
                "false",
                "DATA_DIR",
                dataDir.toString()));
    long launched = System.nanoTime();
    Process child = builder.start();
    ConcurrentLinkedDeque<String> output = new ConcurrentLinkedDeque<>();
    CompletableFuture<Integer> port = new CompletableFuture<>();
    CompletableFuture<Void> drained = CompletableFuture.runAsync(() -> drain(child, output, port));
    try {
      int appPort = port.get(90, TimeUnit.SECONDS);
      System.out.printf(
          "LargeUploadTests: the app JVM served after %,d ms%n",
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - launched));
      // The JDK's client streams the generated body from the InputStream, one block at a time.
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + appPort + "/api/readings"))
              .header("Authorization", "Bearer " + DemoUnderTest.TOKEN)
              .header("Content-Type", "application/x-ndjson")
              .timeout(Duration.ofMinutes(3))
              .POST(HttpRequest.BodyPublishers.ofInputStream(GeneratedReadings::new))
              .build();

      long start = System.nanoTime();
      HttpResponse<String> response =
          java.net.http.HttpClient.newHttpClient()
              .send(request, HttpResponse.BodyHandlers.ofString());
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

      assertThat(child.isAlive()).as("the app JVM is alive; its output: %s", output).isTrue();
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      JsonNode report = JsonMapper.shared().readTree(response.body());
      assertThat(report.get("accepted").asLong()).isEqualTo(LINES);
      assertThat(report.get("rejected").asLong()).isZero();
      assertThat(rowsIn(database)).isEqualTo(LINES);
      System.out.printf(
          "LargeUploadTests: %,d NDJSON readings uploaded and stored in %,d ms by an app with"
              + " -Xmx%s%n",
          LINES, millis, HEAP);
    } finally {
      long stopping = System.nanoTime();
      child.destroy();
      if (!child.waitFor(20, TimeUnit.SECONDS)) {
        child.destroyForcibly();
        child.waitFor(10, TimeUnit.SECONDS);
      }
      System.out.printf(
          "LargeUploadTests: the app JVM stopped after %,d ms%n",
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopping));
      drained.get(10, TimeUnit.SECONDS);
    }
  }

  /** A million NDJSON lines, made as they are read, a thousand at a time. */
  private static final class GeneratedReadings extends InputStream {
    private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");
    private int next;
    private byte[] block = new byte[0];
    private int position;

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      if (position == block.length && !fill()) {
        return -1;
      }
      int n = Math.min(length, block.length - position);
      System.arraycopy(block, position, buffer, offset, n);
      position += n;
      return n;
    }

    private boolean fill() {
      if (next >= LINES) {
        return false;
      }
      StringBuilder text = new StringBuilder(LINES_PER_CHUNK * 120);
      for (int end = Math.min(LINES, next + LINES_PER_CHUNK); next < end; next++) {
        text.append("{\"stationId\":\"station-")
            .append(next % 100)
            .append("\",\"recordedAt\":\"")
            .append(BASE.plusSeconds(next))
            .append("\",\"temperature\":")
            .append(next % 40 - 10)
            .append(".5,\"humidity\":")
            .append(next % 100)
            .append(",\"pressure\":1013.25}\n");
      }
      block = text.toString().getBytes(StandardCharsets.UTF_8);
      position = 0;
      return true;
    }
  }

  private static long rowsIn(PostgresDatabase database) {
    Database db = Database.create(database.r2dbcUrl());
    try {
      Long count =
          db.sql("select count(*) from readings")
              .map(Long.class)
              .one()
              .block(Duration.ofSeconds(30));
      return count == null ? -1 : count;
    } finally {
      db.close().block(Duration.ofSeconds(10));
    }
  }

  /** Reads the app's output: the port it listens on, and the last lines for failure messages. */
  private static void drain(
      Process child, ConcurrentLinkedDeque<String> output, CompletableFuture<Integer> port) {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        Matcher matcher = LISTENING.matcher(line);
        if (matcher.find()) {
          port.complete(Integer.parseInt(matcher.group(1)));
        }
        output.add(line);
        if (output.size() > 50) {
          output.removeFirst();
        }
      }
      port.completeExceptionally(
          new IllegalStateException("the app JVM exited: " + List.copyOf(output)));
    } catch (IOException e) {
      port.completeExceptionally(e);
    }
  }
}
