package io.sluice.demo.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.db.Database;
import io.sluice.demo.ops.BearerGuard;
import io.sluice.demo.readings.Reading;
import io.sluice.demo.readings.ReadingStore;
import io.sluice.net.http.HttpServer;
import io.sluice.net.http.Routes;
import io.sluice.net.http.RunningHttpServer;
import io.sluice.net.http.client.ClientResponse;
import io.sluice.net.http.client.HttpClient;
import io.sluice.test.postgres.PostgresDatabase;
import io.sluice.test.postgres.PostgresTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Imports named in {@code POST /api/imports} and exports, over HTTP against a real database. */
@PostgresTest
class FilesApiTests {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String TOKEN = "files-token";
  private static final JsonMapper JSON = JsonMapper.shared();
  private static final Instant T0 = Instant.parse("2026-02-01T00:00:00Z");

  @TempDir static Path data;

  private static Database database;
  private static DataDirectories directories;
  private static InstanceLock lock;
  private static Importer importer;
  private static Exporter exporter;
  private static RunningHttpServer server;
  private static HttpClient http;

  @BeforeAll
  static void start(PostgresDatabase postgres) {
    database = Database.create(postgres.r2dbcUrl());
    database.migrate("classpath:db/migration").block(WAIT);
    ReadingStore store = new ReadingStore(database);
    store
        .insert(
            Flux.range(0, 500)
                .map(
                    i ->
                        new Reading(
                            i % 2 == 0 ? "export-a" : "export-b",
                            T0.plusSeconds(60L * i),
                            i / 10.0,
                            50,
                            1000)))
        .block(WAIT);
    directories = DataDirectories.under(data);
    directories.create().block(WAIT);
    lock = InstanceLock.acquire(database.options()).block(WAIT);
    importer = Importer.start(database, store, JSON, directories, lock);
    exporter = Exporter.start(database, store, JSON, directories, lock);
    BearerGuard guard = new BearerGuard(TOKEN);
    Routes routes =
        new ExportsApi(exporter, guard)
            .register(new ImportsApi(importer, directories, guard).register(Routes.create()));
    server = HttpServer.create().host("127.0.0.1").port(0).routes(routes).bindNow(WAIT);
    http = HttpClient.builder().baseUrl("http://127.0.0.1:" + server.port()).build();
  }

  @AfterAll
  static void stop() {
    http.close().block(WAIT);
    server.shutdown(Duration.ofSeconds(1)).block(WAIT);
    importer.stop().then(exporter.stop()).then(lock.release()).block(WAIT);
    database.close().block(WAIT);
  }

  @Test
  void aFileNamedInPostImportsIsImportedAndMovedToDoneWithAReport() throws IOException {
    String station = "imp-" + System.nanoTime();
    Files.writeString(
        directories.inbox().resolve(station + ".ndjson"),
        reading(station, 1.5) + "\n" + "{not json}\n" + reading(station, 2.5) + "\n");

    ClientResponse response = postImport("{\"file\": \"" + station + ".ndjson\"}");

    assertThat(response.status()).as(response.bodyAsString()).isEqualTo(202);
    JsonNode queued = json(response);
    String id = queued.get("id").asString();
    assertThat(response.header("Location")).isEqualTo("/api/imports/" + id);
    assertThat(queued.get("checksum").asString()).hasSize(64);
    JsonNode done = awaitFinished("/api/imports/" + id);
    assertThat(done.get("status").asString()).isEqualTo("done");
    assertThat(done.get("accepted").asLong()).isEqualTo(2);
    assertThat(done.get("rejected").asLong()).isEqualTo(1);
    assertThat(done.get("errors").get(0).get("line").asLong()).isEqualTo(2);
    assertThat(done.get("progress").asDouble()).isEqualTo(1.0);
    assertThat(count(station)).isEqualTo(2);
    assertThat(directories.inbox().resolve(station + ".ndjson")).doesNotExist();
    Path moved = directories.done().resolve(id + "-" + station + ".ndjson");
    assertThat(moved).exists();
    JsonNode report =
        JSON.readTree(
            Files.readString(directories.done().resolve(moved.getFileName() + ".report.json")));
    assertThat(report.get("status").asString()).isEqualTo("done");
    assertThat(report.get("rejected").asLong()).isEqualTo(1);
  }

  @Test
  void aFileWhoseContentWasImportedBeforeIsNotImportedAgain() throws IOException {
    String station = "dup-" + System.nanoTime();
    String content =
        "stationId,recordedAt,temperature,humidity,pressure\n"
            + station
            + ",2026-01-01T00:00:00Z,1,50,1000\n";
    Files.writeString(directories.inbox().resolve(station + "-a.csv"), content);
    String first = json(postImport("{\"file\": \"" + station + "-a.csv\"}")).get("id").asString();
    awaitFinished("/api/imports/" + first);
    Files.writeString(directories.inbox().resolve(station + "-b.csv"), content);

    ClientResponse again = postImport("{\"file\": \"" + station + "-b.csv\"}");

    assertThat(again.status()).as(again.bodyAsString()).isEqualTo(200);
    assertThat(json(again).get("id").asString()).isEqualTo(first);
    assertThat(count(station)).isEqualTo(1);
    assertThat(directories.inbox().resolve(station + "-b.csv")).doesNotExist();
    assertThat(directories.done().resolve(first + "-" + station + "-b.csv.report.json")).exists();
  }

  @Test
  void aFileThatCannotBeReadAsReadingsGoesToFailedWithAnErrorReport() throws IOException {
    String name = "bad-header-" + System.nanoTime() + ".csv";
    Files.writeString(directories.inbox().resolve(name), "station,when\nx,y\n");

    String id = json(postImport("{\"file\": \"" + name + "\"}")).get("id").asString();
    JsonNode failed = awaitFinished("/api/imports/" + id);

    assertThat(failed.get("status").asString()).isEqualTo("failed");
    assertThat(failed.get("errors").get(0).get("line").asLong()).isEqualTo(1);
    assertThat(failed.get("errors").get(0).get("message").asString()).contains("CSV header");
    assertThat(directories.failed().resolve(id + "-" + name)).exists();
    JsonNode report =
        JSON.readTree(
            Files.readString(directories.failed().resolve(id + "-" + name + ".report.json")));
    assertThat(report.get("errors").get(0).get("message").asString()).contains("CSV header");
  }

  @Test
  void aFileOfAnUnsupportedTypeGoesToFailed() throws IOException {
    String name = "notes-" + System.nanoTime() + ".txt";
    Files.writeString(directories.inbox().resolve(name), "hello\n");

    String id = json(postImport("{\"file\": \"" + name + "\"}")).get("id").asString();
    JsonNode failed = awaitFinished("/api/imports/" + id);

    assertThat(failed.get("status").asString()).isEqualTo("failed");
    assertThat(failed.get("errors").get(0).get("message").asString())
        .startsWith("unsupported file type");
    assertThat(directories.failed().resolve(id + "-" + name + ".report.json")).exists();
  }

  @Test
  void importNamesThatLeaveTheInboxAre400ProblemJson() throws IOException {
    Files.writeString(data.resolve("outside.csv"), "stationId\n");
    for (String name :
        List.of(
            "../outside.csv", "..", ".", "done/x.csv", "..\\\\outside.csv", ".hidden.csv", "")) {
      ClientResponse response = postImport("{\"file\": \"" + name + "\"}");
      assertProblem(response, 400);
    }
    assertProblem(postImport("{}"), 400);
    assertProblem(postImport("not json"), 400);
    assertThat(data.resolve("outside.csv")).exists();
  }

  @Test
  void importingAFileNotInTheInboxIs404ProblemJson() {
    assertProblem(postImport("{\"file\": \"missing.csv\"}"), 404);
  }

  @Test
  void importingWithoutTheTokenIs401ProblemJson() {
    ClientResponse response =
        http.post("/api/imports")
            .header("Content-Type", "application/json")
            .body("{\"file\": \"x.csv\"}")
            .exchange()
            .block(WAIT);
    assertProblem(response, 401);
  }

  @Test
  void importIdsAreCheckedBeforeUse() {
    assertProblem(get("/api/imports/not-an-id"), 400);
    assertProblem(get("/api/imports/..%2F..%2Fetc%2Fpasswd"), 400);
    assertProblem(get("/api/imports/0b5e4c1e-8a3f-4d2b-9c61-2f1e0a7b3c4d"), 404);
  }

  @Test
  void anExportIsWrittenAsGzipNdjsonAndServedWithRange() throws IOException {
    ClientResponse response = postExport("?station=export-a&limit=100000");

    assertThat(response.status()).as(response.bodyAsString()).isEqualTo(202);
    String id = json(response).get("id").asString();
    assertThat(response.header("Location")).isEqualTo("/api/exports/" + id);
    JsonNode done = awaitFinished("/api/exports/" + id);
    assertThat(done.get("status").asString()).isEqualTo("done");
    assertThat(done.get("rows").asLong()).isEqualTo(250);
    assertThat(done.get("total").asLong()).isEqualTo(250);
    assertThat(done.get("progress").asDouble()).isEqualTo(1.0);
    assertThat(done.get("file").asString()).isEqualTo("/api/exports/" + id + "/file");

    ClientResponse file = get("/api/exports/" + id + "/file");
    assertThat(file.status()).isEqualTo(200);
    assertThat(file.header("Content-Type")).isEqualTo("application/gzip");
    assertThat((long) file.body().length).isEqualTo(done.get("bytes").asLong());
    List<String> lines = gunzipLines(file.body());
    assertThat(lines).hasSize(250);
    assertThat(JSON.readTree(lines.get(0)).get("stationId").asString()).isEqualTo("export-a");
    assertThat(JSON.readTree(lines.get(249)).get("temperature").asDouble()).isEqualTo(49.8);

    ClientResponse range =
        http.get("/api/exports/" + id + "/file")
            .header("Range", "bytes=10-19")
            .exchange()
            .block(WAIT);
    assertThat(range.status()).isEqualTo(206);
    assertThat(range.body()).isEqualTo(Arrays.copyOfRange(file.body(), 10, 20));
    try (Stream<Path> files = Files.list(directories.exports())) {
      assertThat(files.map(path -> path.getFileName().toString()))
          .as("no temporary file is left")
          .allMatch(name -> name.endsWith(".ndjson.gz"));
    }
  }

  @Test
  void anExportHonoursTheTimeRangeAndLimit() throws IOException {
    String id =
        json(postExport("?from=2026-02-01T01:00:00Z&to=2026-02-01T02:00:00Z&limit=7"))
            .get("id")
            .asString();
    JsonNode done = awaitFinished("/api/exports/" + id);
    assertThat(done.get("rows").asLong()).isEqualTo(7);
    assertThat(gunzipLines(get("/api/exports/" + id + "/file").body())).hasSize(7);
  }

  @Test
  void malformedExportQueriesAre400ProblemJson() {
    assertProblem(postExport("?from=2026-02-02T00:00:00Z&to=2026-02-01T00:00:00Z"), 400);
    assertProblem(postExport("?limit=-3"), 400);
    assertProblem(postExport("?from=yesterday"), 400);
  }

  @Test
  void exportingWithoutTheTokenIs401ProblemJson() {
    assertProblem(http.post("/api/exports").exchange().block(WAIT), 401);
  }

  @Test
  void exportIdsThatCouldLeaveTheExportsDirectoryAreRejected() {
    for (String id :
        List.of("..%2F..%2Fetc%2Fpasswd", "..", "%2e%2e", "x.ndjson.gz", "not-an-id")) {
      ClientResponse status = get("/api/exports/" + id);
      ClientResponse file = get("/api/exports/" + id + "/file");
      assertThat(status.status()).as(id).isIn(400, 404);
      assertThat(file.status()).as(id).isIn(400, 404);
      assertThat(file.header("Content-Type")).as(id).startsWith("application/problem+json");
    }
    assertProblem(get("/api/exports/0b5e4c1e-8a3f-4d2b-9c61-2f1e0a7b3c4d"), 404);
    assertProblem(get("/api/exports/0b5e4c1e-8a3f-4d2b-9c61-2f1e0a7b3c4d/file"), 404);
  }

  @Test
  void theLatestImportsAndExportsAreListed() {
    String id = json(postExport("?station=export-b&limit=3")).get("id").asString();
    awaitFinished("/api/exports/" + id);

    JsonNode exports = json(get("/api/exports"));

    assertThat(exports.isArray()).isTrue();
    assertThat(exports.valueStream().map(node -> node.get("id").asString())).contains(id);
    assertThat(json(get("/api/imports")).isArray()).isTrue();
  }

  private static String reading(String station, double temperature) {
    return JSON.writeValueAsString(
        Map.of(
            "stationId",
            station,
            "recordedAt",
            "2026-01-01T00:00:00Z",
            "temperature",
            temperature,
            "humidity",
            50,
            "pressure",
            1000));
  }

  private static ClientResponse postImport(String body) {
    return http.post("/api/imports")
        .header("Authorization", "Bearer " + TOKEN)
        .header("Content-Type", "application/json")
        .body(body)
        .exchange()
        .block(WAIT);
  }

  private static ClientResponse postExport(String query) {
    return http.post("/api/exports" + query)
        .header("Authorization", "Bearer " + TOKEN)
        .exchange()
        .block(WAIT);
  }

  private static ClientResponse get(String path) {
    return http.get(path).exchange().block(WAIT);
  }

  private static JsonNode json(ClientResponse response) {
    return JSON.readTree(response.bodyAsString());
  }

  /** Polls a status resource until its job has finished; fails after {@link #WAIT}. */
  private static JsonNode awaitFinished(String path) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      ClientResponse response = get(path);
      assertThat(response.status()).as(response.bodyAsString()).isEqualTo(200);
      JsonNode status = json(response);
      String state = status.get("status").asString();
      if ("done".equals(state) || "failed".equals(state)) {
        return status;
      }
      assertThat(System.nanoTime()).as("%s still %s", path, state).isLessThan(deadline);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private static long count(String station) {
    return database
        .sql("select count(*) from readings where station_id = $1")
        .bind(station)
        .map(Long.class)
        .one()
        .block(WAIT);
  }

  private static void assertProblem(ClientResponse response, int status) {
    assertThat(response.status()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.header("Content-Type")).startsWith("application/problem+json");
  }

  private static List<String> gunzipLines(byte[] gzip) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
  }
}
