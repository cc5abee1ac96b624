package io.sluice.net.http;

/** The mutable state one bound server shares between its engine and its handle. */
final class ServerState {

  private volatile boolean draining;

  boolean draining() {
    return draining;
  }

  void startDraining() {
    draining = true;
  }
}
