package io.sluice.test.internal;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A Netty leak-detector factory whose detectors remember every leak they report, so that a test can
 * fail on it instead of a log line going unnoticed.
 */
public final class RecordingLeakDetectorFactory extends ResourceLeakDetectorFactory {

  private final ConcurrentLinkedQueue<String> leaks = new ConcurrentLinkedQueue<>();

  @Override
  @SuppressWarnings("deprecation") // the abstract method Netty still calls
  public <T> ResourceLeakDetector<T> newResourceLeakDetector(
      Class<T> resource, int samplingInterval, long maxActive) {
    return new RecordingDetector<>(resource, samplingInterval);
  }

  /** Removes and returns the leaks reported so far. */
  public List<String> drain() {
    List<String> drained = new ArrayList<>();
    for (String leak = leaks.poll(); leak != null; leak = leaks.poll()) {
      drained.add(leak);
    }
    return drained;
  }

  private final class RecordingDetector<T> extends ResourceLeakDetector<T> {

    RecordingDetector(Class<T> resource, int samplingInterval) {
      super(resource, samplingInterval);
    }

    @Override
    protected boolean needReport() {
      return true;
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
      leaks.add(
          "LEAK: "
              + resourceType
              + ".release() was not called before it was garbage-collected."
              + records);
      super.reportTracedLeak(resourceType, records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
      leaks.add(
          "LEAK: " + resourceType + ".release() was not called before it was garbage-collected.");
      super.reportUntracedLeak(resourceType);
    }
  }
}
