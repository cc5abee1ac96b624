package io.sluice.bench.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/** Runs the contract checker against a server started in the test JVM, with test sizes. */
final class ContractTestRun {

  private ContractTestRun() {}

  /**
   * The contract's slow read of 1,000,000 rows, for 3 seconds; a 5,000-row full read; a
   * 600,000-line ingest (20 MB: the sender check needs a body well above the few MB that socket
   * buffers hold) with a malformed line at 50,001 for the failing one.
   */
  static CheckerOptions options() {
    return CheckerOptions.contract()
        .withStreamRows(5_000, false)
        .withIngestRows(600_000, 50_001)
        .withSlowReadWindow(Duration.ofSeconds(3));
  }

  /** The server's loopback address. */
  static InetSocketAddress address(RunningServer server) {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());
  }

  /** Runs every check, printing one line each, and asserts that all passed. */
  static void assertPassesEveryCheck(RunningServer server, ServerSettings settings) {
    List<ContractChecker.Result> results =
        new ContractChecker(
                address(server), ContractDatabase.of(settings), options(), new InProcessMemory())
            .run(System.out);

    assertThat(results)
        .hasSize(14)
        .allSatisfy(result -> assertThat(result.passed()).as(result.toString()).isTrue());
  }
}
