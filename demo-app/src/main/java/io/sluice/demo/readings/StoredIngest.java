package io.sluice.demo.readings;

import java.util.Objects;

/**
 * The outcome of an upload carrying an idempotency key.
 *
 * @param report what was stored
 * @param replayed true if the key had been used before and this is the first upload's report
 *     (nothing was stored this time)
 */
public record StoredIngest(IngestReport report, boolean replayed) {

  /** Checks the report is present. */
  public StoredIngest {
    Objects.requireNonNull(report, "report");
  }
}
