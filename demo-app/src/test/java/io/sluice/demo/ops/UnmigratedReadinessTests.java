package io.sluice.demo.ops;

import static io.sluice.demo.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.db.Database;
import io.sluice.net.http.HttpServer;
import io.sluice.net.http.Routes;
import io.sluice.net.http.RunningHttpServer;
import io.sluice.net.http.client.HttpClient;
import io.sluice.test.postgres.PostgresDatabase;
import io.sluice.test.postgres.PostgresTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code /ready} on a database that answers but was never migrated: the app cannot serve. */
@PostgresTest
class UnmigratedReadinessTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final PostgresDatabase database;

  UnmigratedReadinessTests(PostgresDatabase database) {
    this.database = database;
  }

  @Test
  void isNotReadyWhileTheSchemaIsNotMigrated() {
    Database unmigrated = Database.create(database.r2dbcUrl());
    HealthApi health = new HealthApi(unmigrated);
    RunningHttpServer server =
        HttpServer.create()
            .port(0)
            .routes(health.register(Routes.create()))
            .bindNow(Duration.ofSeconds(10));
    HttpClient client = HttpClient.builder().baseUrl("http://127.0.0.1:" + server.port()).build();
    try {
      JsonNode problem = assertProblem(client.get("/ready").exchange().block(TIMEOUT), 503);

      assertThat(problem.get("database").asString()).isEqualTo("NOT_MIGRATED");
    } finally {
      client.close().block(TIMEOUT);
      server.shutdown(Duration.ofSeconds(1)).block(TIMEOUT);
      health.close().block(TIMEOUT);
      unmigrated.close().block(TIMEOUT);
    }
  }
}
