package io.sluice.bench.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.test.postgres.PostgresDatabase;
import io.sluice.test.postgres.PostgresTest;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@PostgresTest
class JdbcServerTests {

  @BeforeAll
  static void loadSchema(PostgresDatabase database) throws Exception {
    BenchmarkDatabase.load(database);
  }

  @Test
  void passesEveryCheckOfTheContractOnPlatformThreads(PostgresDatabase database) {
    ServerSettings settings = BenchmarkDatabase.settings(database, 4);
    try (JdbcServer server = JdbcServer.start(settings, JdbcServer.Threads.PLATFORM)) {
      ContractTestRun.assertPassesEveryCheck(server, settings);
    }
  }

  @Test
  void runsOnVirtualThreadsFromJava21AndSaysSoBefore(PostgresDatabase database) throws IOException {
    ServerSettings settings = BenchmarkDatabase.settings(database, 2);
    if (Runtime.version().feature() < 21) {
      assertThatThrownBy(() -> JdbcServer.start(settings, JdbcServer.Threads.VIRTUAL))
          .isInstanceOf(UnsupportedOperationException.class)
          .hasMessageContaining("THREADS=virtual needs Java 21 or later");
      return;
    }
    try (JdbcServer server = JdbcServer.start(settings, JdbcServer.Threads.VIRTUAL)) {
      HttpProbe.Response response =
          HttpProbe.exchange(ContractTestRun.address(server), "GET", "/queries?queries=3", null);

      assertThat(response.status()).isEqualTo(200);
      assertThat(response.head().header("server")).isEqualTo("jdbc-virtual");
    }
  }

  @Test
  void readsItsThreadModelFromTheEnvironment() {
    assertThat(JdbcServer.Threads.fromEnvironment(Map.of())).isEqualTo(JdbcServer.Threads.PLATFORM);
    assertThat(JdbcServer.Threads.fromEnvironment(Map.of("THREADS", "Virtual")))
        .isEqualTo(JdbcServer.Threads.VIRTUAL);
    assertThatThrownBy(() -> JdbcServer.Threads.fromEnvironment(Map.of("THREADS", "green")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("THREADS must be 'platform' or 'virtual' but was 'green'");
  }
}
