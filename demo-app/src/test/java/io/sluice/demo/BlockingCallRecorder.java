package io.sluice.demo;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Records every blocking call BlockHound catches in this test JVM, then fails the call as
 * BlockHound does by default. A blocking call on an event loop of the demo's server usually ends as
 * a 500 or a dropped connection, or only as a log line when it happens outside a request; the
 * record lets a test fail on it whatever became of the error.
 *
 * <p>Registered through {@code META-INF/services}; BlockHound has one callback per JVM, so the
 * record is JVM-wide too. Tests compare {@link #count()} before and after their work.
 */
public final class BlockingCallRecorder implements BlockHoundIntegration {

  private static final Queue<String> CALLS = new ConcurrentLinkedQueue<>();

  /** Created by BlockHound's service loader. */
  public BlockingCallRecorder() {}

  @Override
  public void applyTo(BlockHound.Builder builder) {
    builder.blockingMethodCallback(
        method -> {
          CALLS.add(Thread.currentThread().getName() + ": " + method);
          throw new BlockingOperationError(method);
        });
  }

  /** How many blocking calls were caught so far in this JVM. */
  public static int count() {
    return CALLS.size();
  }

  /** The blocking calls caught after the first {@code skip}, as {@code thread: method}. */
  public static List<String> since(int skip) {
    return CALLS.stream().skip(skip).toList();
  }
}
