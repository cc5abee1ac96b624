package io.sluice.demo.readings;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of an ingest: how many lines were stored, how many rejected, and why the first few
 * were.
 *
 * @param accepted readings stored
 * @param rejected lines skipped
 * @param errors the first {@value #MAX_ERRORS} rejected lines, in order
 */
public record IngestReport(long accepted, long rejected, List<LineError> errors) {

  /** How many errors a report lists at most, {@value}. */
  public static final int MAX_ERRORS = 10;

  /** Copies the error list. */
  public IngestReport {
    errors = List.copyOf(Objects.requireNonNull(errors, "errors"));
  }
}
