package io.sluice.bench.contract;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * The live heap of this JVM after a full collection, for a server started in the test's own
 * process: the in-process twin of {@link MemoryProbe#liveHeapOf(long)}.
 */
final class InProcessMemory implements MemoryProbe {

  @Override
  @SuppressWarnings("SystemGc") // a reading of live memory needs the garbage gone
  public long bytes() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  @Override
  public String description() {
    return "live heap of this JVM";
  }

  @Override
  public Duration interval() {
    return Duration.ofMillis(500);
  }
}
