package io.sluice.bench.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.test.postgres.PostgresDatabase;
import io.sluice.test.postgres.PostgresTest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@PostgresTest
class ReactorNettyServerTests {

  @BeforeAll
  static void loadSchema(PostgresDatabase database) throws Exception {
    BenchmarkDatabase.load(database);
  }

  @Test
  void passesEveryCheckOfTheContract(PostgresDatabase database) {
    ServerSettings settings = BenchmarkDatabase.settings(database, 4);
    try (ReactorNettyServer server = ReactorNettyServer.start(settings)) {
      List<ContractChecker.Result> results =
          new ContractChecker(
                  new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()),
                  ContractDatabase.of(settings),
                  ContractTestOptions.forTests(),
                  new InProcessMemory())
              .run(System.out);

      assertThat(results)
          .hasSize(14)
          .allSatisfy(result -> assertThat(result.passed()).as(result.toString()).isTrue());
    }
  }
}
