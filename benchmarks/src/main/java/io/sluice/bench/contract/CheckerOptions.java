package io.sluice.bench.contract;

import java.time.Duration;

/**
 * How hard the contract checker pushes a server. {@link #contract()} is what the contract asks for;
 * smaller sizes make a quick check that still exercises every rule.
 *
 * @param streamRows {@code n} of the full {@code /stream} read; default 1,000,000
 * @param streamUpperClamp whether the full read asks for 2,000,000 rows (when {@code streamRows} is
 *     1,000,000), checking the clamp as well; default on
 * @param ingestRows lines of the large {@code /ingest}; default 1,000,000
 * @param malformedDeepLine the malformed line of the large failing {@code /ingest}, deep enough
 *     that rows before it already went to the database; default 100,001
 * @param cancelledStreams streams abandoned after their first bytes, more than any pool holds;
 *     default 20
 * @param slowReaderBytesPerSecond the slow reader's rate; default 64 KB/s
 * @param slowReadWindow how long the slow reader reads; default 6 seconds
 * @param memoryGrowthLimit the most the server's memory may grow, in bytes, while the slow reader
 *     reads 1,000,000 rows (34 MB of NDJSON) or while {@code ingestRows} lines are ingested;
 *     default 16 MB, meant for a live-heap probe
 * @param ingestAheadLimit the most bytes of an {@code /ingest} body the sender may get ahead of the
 *     database (socket buffers included); default 12 MB
 */
record CheckerOptions(
    int streamRows,
    boolean streamUpperClamp,
    int ingestRows,
    int malformedDeepLine,
    int cancelledStreams,
    int slowReaderBytesPerSecond,
    Duration slowReadWindow,
    long memoryGrowthLimit,
    long ingestAheadLimit) {

  private static final long MB = 1024 * 1024;

  CheckerOptions {
    positive("streamRows", streamRows);
    positive("ingestRows", ingestRows);
    positive("malformedDeepLine", malformedDeepLine);
    positive("cancelledStreams", cancelledStreams);
    positive("slowReaderBytesPerSecond", slowReaderBytesPerSecond);
    if (slowReadWindow.isNegative() || slowReadWindow.isZero()) {
      throw new IllegalArgumentException(
          "slowReadWindow must be positive but was " + slowReadWindow);
    }
    positive("memoryGrowthLimit", memoryGrowthLimit);
    positive("ingestAheadLimit", ingestAheadLimit);
  }

  /** The sizes the contract names. */
  static CheckerOptions contract() {
    return new CheckerOptions(
        1_000_000,
        true,
        1_000_000,
        100_001,
        20,
        64 * 1024,
        Duration.ofSeconds(6),
        16 * MB,
        12 * MB);
  }

  CheckerOptions withStreamRows(int rows, boolean upperClamp) {
    return new CheckerOptions(
        rows,
        upperClamp,
        ingestRows,
        malformedDeepLine,
        cancelledStreams,
        slowReaderBytesPerSecond,
        slowReadWindow,
        memoryGrowthLimit,
        ingestAheadLimit);
  }

  CheckerOptions withIngestRows(int rows, int deepLine) {
    return new CheckerOptions(
        streamRows,
        streamUpperClamp,
        rows,
        deepLine,
        cancelledStreams,
        slowReaderBytesPerSecond,
        slowReadWindow,
        memoryGrowthLimit,
        ingestAheadLimit);
  }

  CheckerOptions withSlowReadWindow(Duration window) {
    return new CheckerOptions(
        streamRows,
        streamUpperClamp,
        ingestRows,
        malformedDeepLine,
        cancelledStreams,
        slowReaderBytesPerSecond,
        window,
        memoryGrowthLimit,
        ingestAheadLimit);
  }

  CheckerOptions withMemoryGrowthLimit(long bytes) {
    return new CheckerOptions(
        streamRows,
        streamUpperClamp,
        ingestRows,
        malformedDeepLine,
        cancelledStreams,
        slowReaderBytesPerSecond,
        slowReadWindow,
        bytes,
        ingestAheadLimit);
  }

  private static void positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive but was " + value);
    }
  }
}
