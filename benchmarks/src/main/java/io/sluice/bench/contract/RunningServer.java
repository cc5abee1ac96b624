package io.sluice.bench.contract;

/** A contract server listening on a port until it is closed. */
interface RunningServer extends AutoCloseable {

  /** The port the server listens on. */
  int port();

  /** Stops accepting connections and releases the database pool. */
  @Override
  void close();
}
