package io.sluice.net;

import java.time.Duration;
import java.util.function.LongSupplier;

/** Waits in a test until a counter of work done by a peer stops growing. */
public final class Quiescence {

  private Quiescence() {}

  /**
   * Waits until {@code counter} kept the same value for {@code still}, or fails after {@code
   * timeout}.
   *
   * @return the settled value
   */
  public static long await(LongSupplier counter, Duration still, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long last = counter.getAsLong();
    long lastChange = System.nanoTime();
    while (System.nanoTime() < deadline) {
      pause(20);
      long now = counter.getAsLong();
      if (now != last) {
        last = now;
        lastChange = System.nanoTime();
      } else if (System.nanoTime() - lastChange >= still.toNanos()) {
        return now;
      }
    }
    throw new AssertionError("The counter kept growing for " + timeout + ", last value " + last);
  }

  /** Waits until {@code condition} holds, or fails after {@code timeout}. */
  public static void until(java.util.function.BooleanSupplier condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("The condition did not hold within " + timeout);
      }
      pause(10);
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
