package io.sluice.db.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How far one statement got on the server, so that cancelling it knows whether the server may still
 * be working on it (and needs a CancelRequest) or is merely waiting for the next fetch (and the
 * driver closing the portal is enough).
 */
public final class StatementProgress {

  private final AtomicLong rows = new AtomicLong();
  private final boolean selfCancelling;
  private final boolean closeOnAbandon;
  private volatile int fetchSize;
  private volatile boolean done;

  private StatementProgress(boolean selfCancelling, boolean closeOnAbandon) {
    this.selfCancelling = selfCancelling;
    this.closeOnAbandon = closeOnAbandon;
  }

  /** Progress of a query, whose cancellation may need a CancelRequest. */
  public static StatementProgress query() {
    return new StatementProgress(false, false);
  }

  /** Progress of a COPY FROM, which the driver aborts itself with CopyFail on cancel. */
  public static StatementProgress selfCancelling() {
    return new StatementProgress(true, false);
  }

  /**
   * Progress of a COPY TO: abandoned before its end, its connection is closed rather than drained,
   * since the socket buffers may hold megabytes of rows already sent.
   */
  public static StatementProgress closingOnAbandon() {
    return new StatementProgress(false, true);
  }

  /** Returns whether abandoning this statement unfinished should close its connection. */
  public boolean closesConnectionWhenAbandoned() {
    return closeOnAbandon && !done;
  }

  /** Records the fetch size of the portal, 0 for fetching everything at once. */
  public void fetchSize(int fetchSize) {
    this.fetchSize = fetchSize;
  }

  /** Records one row (or chunk) received. */
  public void rowReceived() {
    rows.incrementAndGet();
  }

  /** Records that the server finished the statement. */
  public void done() {
    done = true;
  }

  /** Returns the rows (or chunks) received so far. */
  public long rowsReceived() {
    return rows.get();
  }

  /**
   * Returns whether the server may still be executing: the statement has not finished, and either
   * nothing arrived yet, everything was asked for at once, or the current fetch batch is incomplete
   * (a batch that arrived whole leaves the server idle with a suspended portal).
   */
  public boolean serverMayBeBusy() {
    if (done || selfCancelling) {
      return false;
    }
    long received = rows.get();
    int fetch = fetchSize;
    return fetch == 0 || received == 0 || received % fetch != 0;
  }
}
