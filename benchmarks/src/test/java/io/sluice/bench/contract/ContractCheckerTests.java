package io.sluice.bench.contract;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.test.postgres.PostgresDatabase;
import io.sluice.test.postgres.PostgresTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The checker's streaming rules fail a server that buffers instead of streaming. */
@PostgresTest
class ContractCheckerTests {

  @BeforeAll
  static void loadSchema(PostgresDatabase database) throws Exception {
    BenchmarkDatabase.load(database);
  }

  @Test
  void failsAServerThatReadsTheWholeStreamIntoMemory(PostgresDatabase database) throws Exception {
    ServerSettings settings = BenchmarkDatabase.settings(database, 2);
    try (BufferingServer server = new BufferingServer(settings)) {
      StreamChecks checks =
          new StreamChecks(
              ContractTestRun.address(server),
              ContractDatabase.of(settings),
              ContractTestRun.options(),
              new InProcessMemory());

      assertThatThrownBy(checks::memoryStaysFlatForASlowReader)
          .isInstanceOf(ContractViolation.class)
          .hasMessageContaining("rows were pulled ahead of the reader");
    }
  }

  @Test
  void failsAServerThatReadsTheWholeIngestBodyBeforeInserting(PostgresDatabase database)
      throws Exception {
    ServerSettings settings = BenchmarkDatabase.settings(database, 2);
    try (BufferingServer server = new BufferingServer(settings)) {
      IngestChecks checks =
          new IngestChecks(
              ContractTestRun.address(server),
              ContractDatabase.of(settings),
              ContractTestRun.options(),
              new InProcessMemory());

      assertThatThrownBy(checks::largeBodyIsInsertedWithoutBuffering)
          .isInstanceOf(ContractViolation.class)
          .hasMessageContaining("sender not held back");
    }
  }
}
