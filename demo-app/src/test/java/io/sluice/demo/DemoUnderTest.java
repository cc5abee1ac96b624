package io.sluice.demo;

import io.sluice.db.Database;
import io.sluice.net.http.client.ClientRequest;
import io.sluice.net.http.client.ClientResponse;
import io.sluice.net.http.client.HttpClient;
import io.sluice.test.postgres.PostgresDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A demo started on a test class's database on any free port, with an HTTP client pointed at it.
 */
public final class DemoUnderTest implements AutoCloseable {

  /** The token the test demos expect. */
  public static final String TOKEN = "test-token";

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final RunningDemo demo;
  private final HttpClient client;
  private final @Nullable Path ownDataDirectory;

  private DemoUnderTest(RunningDemo demo, @Nullable Path ownDataDirectory) {
    this.demo = demo;
    this.ownDataDirectory = ownDataDirectory;
    this.client =
        HttpClient.builder().baseUrl(demo.baseUrl()).responseTimeout(Duration.ofMinutes(2)).build();
  }

  /**
   * Starts a demo on the database with the test token; more settings as environment variables.
   * Without a {@code DATA_DIR}, the demo gets a temporary one, deleted when it is closed.
   *
   * @param database the test class's database
   * @param env extra settings, such as {@code MAX_UPLOAD_SIZE}
   * @return the started demo
   */
  public static DemoUnderTest start(PostgresDatabase database, Map<String, String> env) {
    return start(database.r2dbcUrl(), env);
  }

  /**
   * Starts a demo on a database the test runs itself, such as one on a server it stops and starts.
   *
   * @param databaseUrl the R2DBC URL of the database; it is created if missing
   * @param env extra settings, such as {@code DB_POOL_SIZE}
   * @return the started demo
   */
  public static DemoUnderTest start(String databaseUrl, Map<String, String> env) {
    Map<String, String> all = new HashMap<>();
    all.put("PORT", "0");
    all.put("DATABASE_URL", databaseUrl);
    all.put("API_TOKEN", TOKEN);
    all.put("DB_POOL_SIZE", "4");
    all.put("RATE_LIMIT", "0");
    all.putAll(env);
    Path ownDataDirectory = null;
    if (!all.containsKey("DATA_DIR")) {
      try {
        ownDataDirectory = Files.createTempDirectory("sluice-demo-test");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      all.put("DATA_DIR", ownDataDirectory.toString());
    }
    return new DemoUnderTest(
        Demo.start(DemoConfig.fromEnvironment(all), SecurityConfig.fromEnvironment(all)),
        ownDataDirectory);
  }

  /** Starts a demo with the test defaults. */
  public static DemoUnderTest start(PostgresDatabase database) {
    return start(database, Map.of());
  }

  public RunningDemo demo() {
    return demo;
  }

  public HttpClient client() {
    return client;
  }

  public Database database() {
    return demo.database();
  }

  /** Sends a request and returns the response whatever its status. */
  public ClientResponse exchange(ClientRequest request) {
    ClientResponse response = request.exchange().block(TIMEOUT);
    if (response == null) {
      throw new AssertionError("no response");
    }
    return response;
  }

  /** Posts an upload with the test token. */
  public ClientResponse upload(String query, String contentType, String body) {
    return exchange(
        client
            .post("/api/readings" + query)
            .header("Authorization", "Bearer " + TOKEN)
            .header("Content-Type", contentType)
            .body(body.getBytes(StandardCharsets.UTF_8)));
  }

  /** Parses a response body as JSON. */
  public static JsonNode json(ClientResponse response) {
    return JsonMapper.shared().readTree(response.bodyAsString());
  }

  /** Counts the rows of the readings table. */
  public long readingsInTable() {
    Long count =
        database().sql("select count(*) from readings").map(Long.class).one().block(TIMEOUT);
    return count == null ? -1 : count;
  }

  @Override
  public void close() {
    client.close().block(TIMEOUT);
    demo.stop(Duration.ofSeconds(5)).block(TIMEOUT);
    if (ownDataDirectory != null) {
      deleteTree(ownDataDirectory);
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
