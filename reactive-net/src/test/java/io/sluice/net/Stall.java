package io.sluice.net;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Waits for a counter of produced or sent things to stop moving: where backpressure held it. */
public final class Stall {

  private static final long POLL_MILLIS = 200;
  private static final int STILL_POLLS = 3;

  private Stall() {}

  /**
   * Waits until the counter is above zero and has not moved for {@value #STILL_POLLS} polls {@value
   * #POLL_MILLIS} ms apart (a single quiet poll is no proof on a busy machine), for 20 s at most.
   *
   * @param counter the counter
   * @return the value it stopped at
   * @throws AssertionError if it kept moving
   */
  public static long await(AtomicLong counter) throws InterruptedException {
    long last = -1;
    int still = 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      long now = counter.get();
      still = now == last && now > 0 ? still + 1 : 0;
      if (still == STILL_POLLS) {
        return now;
      }
      last = now;
      Thread.sleep(POLL_MILLIS);
    }
    throw new AssertionError("the counter kept moving: " + counter.get());
  }
}
