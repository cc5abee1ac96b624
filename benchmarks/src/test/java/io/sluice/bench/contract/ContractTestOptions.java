package io.sluice.bench.contract;

import java.time.Duration;

/** The checker's sizes for tests: the contract's bodies, shorter reads. */
final class ContractTestOptions {

  private ContractTestOptions() {}

  /**
   * The contract's slow read of 1,000,000 rows, for 3 seconds; a 20,000-row full read; a
   * 600,000-line ingest (20 MB: the sender check needs a body well above the few MB that socket
   * buffers hold) with a malformed line at 50,001 for the failing one.
   */
  static CheckerOptions forTests() {
    return CheckerOptions.contract()
        .withStreamRows(20_000, false)
        .withIngestRows(600_000, 50_001)
        .withSlowReadWindow(Duration.ofSeconds(3));
  }
}
