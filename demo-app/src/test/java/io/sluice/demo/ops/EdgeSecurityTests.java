package io.sluice.demo.ops;

import static io.sluice.demo.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.demo.DemoUnderTest;
import io.sluice.net.ClientTls;
import io.sluice.net.http.client.ClientResponse;
import io.sluice.net.http.client.HttpClient;
import io.sluice.test.postgres.PostgresDatabase;
import io.sluice.test.postgres.PostgresTest;
import io.sluice.test.tls.SelfSignedCertificate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

/** The write rate limit per client address, and HTTPS switched on with TLS_CERT and TLS_KEY. */
@PostgresTest
class EdgeSecurityTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final PostgresDatabase database;

  EdgeSecurityTests(PostgresDatabase database) {
    this.database = database;
  }

  @Test
  void writesPastTheRateAreAnswered429WithRetryAfter() {
    try (DemoUnderTest app = DemoUnderTest.start(database, Map.of("RATE_LIMIT", "1"))) {
      List<ClientResponse> responses =
          Flux.range(0, 8)
              .flatMap(
                  i ->
                      app.client()
                          .post("/api/readings")
                          .header("Authorization", "Bearer " + DemoUnderTest.TOKEN)
                          .header("Content-Type", "application/x-ndjson")
                          .body(new byte[0])
                          .exchange(),
                  8)
              .collectList()
              .block(TIMEOUT);

      assertThat(responses).extracting(ClientResponse::status).containsOnly(200, 429);
      ClientResponse limited =
          responses.stream().filter(r -> r.status() == 429).findFirst().orElseThrow();
      JsonNode problem = assertProblem(limited, 429);
      assertThat(Long.parseLong(limited.header("Retry-After"))).isPositive();
      assertThat(problem.get("retryAfterSeconds").asLong()).isPositive();
      assertThat(app.exchange(app.client().get("/api/readings?limit=1")).status())
          .as("reads are not limited")
          .isEqualTo(200);
    }
  }

  @Test
  void withACertificateAndKeyTheDemoServesHttpsOnly(@TempDir Path directory) {
    SelfSignedCertificate certificate = SelfSignedCertificate.generate();
    SelfSignedCertificate.PemFiles pem = certificate.writePem(directory);
    try (DemoUnderTest app =
        DemoUnderTest.start(
            database,
            Map.of(
                "TLS_CERT", pem.certificate().toString(),
                "TLS_KEY", pem.privateKey().toString()))) {
      assertThat(app.demo().baseUrl()).startsWith("https://");
      HttpClient https =
          HttpClient.builder()
              .baseUrl(app.demo().baseUrl())
              .tls(ClientTls.trusting(certificate.certificate()))
              .build();
      try {
        String health = https.get("/health").string().block(TIMEOUT);
        assertThat(health).contains("UP");
      } finally {
        https.close().block(TIMEOUT);
      }
      HttpClient plain =
          HttpClient.builder().baseUrl(app.demo().baseUrl().replace("https://", "http://")).build();
      try {
        assertThat(
                plain
                    .get("/health")
                    .exchange()
                    .map(r -> r.status())
                    .onErrorReturn(-1)
                    .block(TIMEOUT))
            .as("a plain HTTP request to the TLS port")
            .isNotEqualTo(200);
      } finally {
        plain.close().block(TIMEOUT);
      }
    }
  }
}
