package io.sluice.demo;

import io.sluice.test.postgres.PostgresDatabase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo's {@code main} running in a JVM of its own (the test's class path), on a test database
 * and data directory, so that a test can kill it as an operator's {@code kill -9} would.
 */
public final class DemoProcess implements AutoCloseable {

  private static final Pattern LISTENING =
      Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)/");
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final Process child;
  private final ConcurrentLinkedDeque<String> output;
  private final CompletableFuture<Void> drained;
  private final int port;
  private final HttpClient http = HttpClient.newHttpClient();

  private DemoProcess(
      Process child,
      ConcurrentLinkedDeque<String> output,
      CompletableFuture<Void> drained,
      int port) {
    this.child = child;
    this.output = output;
    this.drained = drained;
    this.port = port;
  }

  /**
   * Starts the demo and waits until it serves.
   *
   * @param database the test database ({@code DATABASE_URL})
   * @param dataDir the data directory ({@code DATA_DIR})
   * @return the running demo
   * @throws IOException if the JVM cannot be started
   */
  public static DemoProcess start(PostgresDatabase database, Path dataDir)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                DemoApplication.class.getName())
            .redirectErrorStream(true);
    builder
        .environment()
        .putAll(
            Map.of(
                "PORT", "0",
                "DATABASE_URL", database.r2dbcUrl(),
                "API_TOKEN", DemoUnderTest.TOKEN,
                "DB_POOL_SIZE", "4",
                "RATE_LIMIT", "0",
                "LOG_FORMAT", "text",
                "SEED_DATA", "false",
                "DATA_DIR", dataDir.toString()));
    Process child = builder.start();
    ConcurrentLinkedDeque<String> output = new ConcurrentLinkedDeque<>();
    CompletableFuture<Integer> port = new CompletableFuture<>();
    CompletableFuture<Void> drained = CompletableFuture.runAsync(() -> drain(child, output, port));
    try {
      return new DemoProcess(child, output, drained, port.get(60, TimeUnit.SECONDS));
    } catch (ExecutionException | TimeoutException e) {
      child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new IllegalStateException("The demo did not start; its output: " + output, e);
    }
  }

  /** Returns the last lines the demo printed, for failure messages. */
  public List<String> output() {
    return List.copyOf(output);
  }

  /** Sends a GET and parses the JSON answer; fails unless it is {@code 200}. */
  public JsonNode get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  /** Sends a POST with the test token and parses the JSON answer; fails unless it is 2xx. */
  public JsonNode post(String path, String body) throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Authorization", "Bearer " + DemoUnderTest.TOKEN)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** Kills the JVM with {@code SIGKILL}: no shutdown hook runs, no connection is closed cleanly. */
  public void kill() throws InterruptedException {
    child.destroyForcibly();
    if (!child.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("The demo JVM did not die");
    }
  }

  /**
   * Stops the JVM if it still runs ({@code SIGTERM}, then {@code SIGKILL}) and waits until its
   * output is read.
   */
  @Override
  public void close() {
    try {
      if (child.isAlive()) {
        child.destroy();
        if (!child.waitFor(20, TimeUnit.SECONDS)) {
          kill();
        }
      }
      drained.get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      child.destroyForcibly();
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("The demo's output was not read to its end", e);
    }
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private JsonNode send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(request.timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          request.build().uri() + " answered " + response.statusCode() + ": " + response.body());
    }
    return JsonMapper.shared().readTree(response.body());
  }

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
        if (output.size() > 80) {
          output.removeFirst();
        }
      }
      port.completeExceptionally(
          new IllegalStateException("the demo JVM exited: " + List.copyOf(output)));
    } catch (IOException e) {
      port.completeExceptionally(e);
    }
  }
}
