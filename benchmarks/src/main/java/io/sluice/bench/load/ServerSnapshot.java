package io.sluice.bench.load;

import java.util.Locale;

/**
 * The server's memory, files and event-loop threads at one moment of a load run.
 *
 * @param heapUsed heap in use (live and garbage), bytes
 * @param liveHeap live heap after a full collection, bytes; -1 if not taken
 * @param resident RSS, bytes
 * @param peakResident peak RSS since the server started, bytes
 * @param openFiles open file descriptors
 * @param httpLoops threads named {@code reactor-http-*} (the HTTP server's event loops)
 * @param dbLoops threads named {@code sluice-db-*} (the database client's event loops)
 * @param threads all threads
 */
record ServerSnapshot(
    long heapUsed,
    long liveHeap,
    long resident,
    long peakResident,
    long openFiles,
    long httpLoops,
    long dbLoops,
    long threads) {

  /**
   * Takes a snapshot; {@code withLiveHeap} adds a full collection (a pause) to measure what is
   * retained.
   */
  static ServerSnapshot of(ServerProcess server, boolean withLiveHeap) {
    if (!server.known()) {
      return new ServerSnapshot(-1, -1, -1, -1, -1, -1, -1, -1);
    }
    long heapUsed = server.heapUsedBytes();
    return new ServerSnapshot(
        heapUsed,
        withLiveHeap ? server.liveHeapBytes() : -1,
        server.residentBytes(),
        server.peakResidentBytes(),
        server.openFiles(),
        server.threadsNamed("reactor-http-"),
        server.threadsNamed("sluice-db-"),
        server.threadsNamed(""));
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "heap used %s, live heap after full GC %s, RSS %s, peak RSS %s, open files %d, event-loop"
            + " threads %d HTTP + %d database, %d threads in all",
        mib(heapUsed),
        mib(liveHeap),
        mib(resident),
        mib(peakResident),
        openFiles,
        httpLoops,
        dbLoops,
        threads);
  }

  private static String mib(long bytes) {
    return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
  }
}
