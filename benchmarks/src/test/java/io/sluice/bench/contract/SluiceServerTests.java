package io.sluice.bench.contract;

import io.sluice.test.postgres.PostgresDatabase;
import io.sluice.test.postgres.PostgresTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@PostgresTest
class SluiceServerTests {

  @BeforeAll
  static void loadSchema(PostgresDatabase database) throws Exception {
    BenchmarkDatabase.load(database);
  }

  @Test
  void passesEveryCheckOfTheContract(PostgresDatabase database) {
    ServerSettings settings = BenchmarkDatabase.settings(database, 4);
    try (SluiceServer server = SluiceServer.start(settings)) {
      ContractTestRun.assertPassesEveryCheck(server, settings);
    }
  }
}
