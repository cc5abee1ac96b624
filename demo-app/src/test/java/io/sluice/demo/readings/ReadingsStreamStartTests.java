package io.sluice.demo.readings;

import static io.sluice.demo.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.db.Database;
import io.sluice.demo.DemoUnderTest;
import io.sluice.net.http.client.ClientResponse;
import io.sluice.test.faults.FaultProxy;
import io.sluice.test.postgres.PostgresDatabase;
import io.sluice.test.postgres.PostgresTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * How {@code GET /api/readings} chooses its status: from the query's first row (or its empty
 * result), with no statement of its own before it.
 */
@PostgresTest
class ReadingsStreamStartTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final PostgresDatabase database;

  ReadingsStreamStartTests(PostgresDatabase database) {
    this.database = database;
  }

  private String urlThrough(String host, int port) {
    return database
        .r2dbcUrl()
        .replace(
            "@" + database.host() + ":" + database.port() + "/", "@" + host + ":" + port + "/");
  }

  @Test
  void eachStreamRunsOnlyItsQueryAndNoRowsIsAnEmpty200() throws Exception {
    try (StatementCountingProxy proxy =
            StatementCountingProxy.start(database.host(), database.port());
        DemoUnderTest app =
            DemoUnderTest.start(
                database, Map.of("DATABASE_URL", urlThrough("127.0.0.1", proxy.port())))) {
      app.database()
          .sql(
              "insert into readings (station_id, recorded_at, temperature, humidity, pressure)"
                  + " select 'oslo-1', now(), g, 50, 1000 from generate_series(1, 3) g")
          .rowsUpdated()
          .block(TIMEOUT);
      long before = proxy.statements();

      int requests = 5;
      for (int i = 0; i < requests; i++) {
        ClientResponse response =
            app.exchange(app.client().get("/api/readings?station=oslo-1&limit=10"));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.bodyAsString().lines()).hasSize(3);
      }
      ClientResponse empty = app.exchange(app.client().get("/api/readings?station=nowhere"));

      assertThat(proxy.statements() - before)
          .as("statements sent for %d streams of one page and one empty stream", requests)
          .isEqualTo(requests + 1);
      assertThat(empty.status()).isEqualTo(200);
      assertThat(empty.bodyAsString()).isEmpty();
    }
  }

  @Test
  void aHeadRequestEndsTheQueryAtItsFirstRowAndReturnsTheConnection() throws Exception {
    try (DemoUnderTest app = DemoUnderTest.start(database)) {
      Database pool = app.database();
      pool.sql(
              "insert into readings (station_id, recorded_at, temperature, humidity, pressure)"
                  + " select 'head-1', now(), g, 50, 1000 from generate_series(1, 50) g")
          .rowsUpdated()
          .block(TIMEOUT);

      for (String consistency : new String[] {"snapshot", "pages"}) {
        ClientResponse head =
            app.exchange(
                app.client().head("/api/readings?station=head-1&consistency=" + consistency));

        assertThat(head.status()).as(consistency).isEqualTo(200);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (pool.poolStats().acquired() > 0) {
          if (System.nanoTime() > deadline) {
            throw new AssertionError(
                "the HEAD request kept a connection (" + consistency + "): " + pool.poolStats());
          }
          Thread.sleep(20);
        }
      }
    }
  }

  @Test
  void anOutageBeforeTheFirstRowIsStillAnswered503() {
    try (FaultProxy proxy = FaultProxy.start(database.host(), database.port());
        DemoUnderTest app =
            DemoUnderTest.start(
                database, Map.of("DATABASE_URL", urlThrough(proxy.host(), proxy.port())))) {
      assertThat(app.exchange(app.client().get("/api/readings?limit=5")).status()).isEqualTo(200);

      proxy.refuse();
      proxy.cutConnections();

      for (String accept : new String[] {"application/x-ndjson", "text/csv", "text/event-stream"}) {
        JsonNode problem =
            assertProblem(
                app.exchange(app.client().get("/api/readings?limit=5").header("Accept", accept)),
                503);
        assertThat(problem.get("database").asString()).as(accept).isEqualTo("DOWN");
      }
    }
  }
}
