package io.sluice.test.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import io.sluice.test.internal.RecordingLeakDetectorFactory;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Turns Netty's buffer-leak detector into something a test can assert on.
 *
 * <p>{@link #install()} sets the detector to {@link ResourceLeakDetector.Level#PARANOID paranoid}
 * (every buffer tracked) and records every leak it reports. It must run before Netty's buffer
 * classes are loaded; the test kit does it when the JUnit Platform launcher session opens, so tests
 * need not call it. {@link NettyLeakCheckExtension} then fails each test class after which a leak
 * is found.
 *
 * <p>Leaks are found when the garbage collector clears an unreleased buffer, so a report may name a
 * later class than the one that leaked; the stack records in the message say where.
 */
public final class NettyLeakDetection {

  private static final Object LOCK = new Object();
  private static volatile @Nullable RecordingLeakDetectorFactory factory;

  private NettyLeakDetection() {}

  /**
   * Installs the recording detector at paranoid level. Idempotent.
   *
   * @return whether it was installed by this call
   */
  public static boolean install() {
    synchronized (LOCK) {
      if (factory != null) {
        return false;
      }
      RecordingLeakDetectorFactory recording = new RecordingLeakDetectorFactory();
      ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
      ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(recording);
      factory = recording;
      return true;
    }
  }

  /**
   * Collects garbage, lets the detector examine what was collected, and returns (and forgets) the
   * leaks reported since the last call.
   *
   * @return the leak reports, each with the buffer's recorded access points; empty if none
   */
  public static List<String> takeLeaks() {
    RecordingLeakDetectorFactory recording = factory;
    if (recording == null) {
      throw new IllegalStateException(
          "NettyLeakDetection.install() was not called before Netty's buffers were used");
    }
    for (int attempt = 0; attempt < 3; attempt++) {
      System.gc();
      pause();
      // The detector looks at collected buffers when the next buffer is tracked.
      ByteBufAllocator allocator = UnpooledByteBufAllocator.DEFAULT;
      for (int i = 0; i < 4; i++) {
        ByteBuf probe = allocator.buffer(1);
        probe.release();
      }
    }
    return recording.drain();
  }

  /**
   * Fails if any leak was reported since the last {@link #takeLeaks()}.
   *
   * @param where what ran since, for the message
   * @throws AssertionError listing the leaks
   */
  public static void assertNoLeaks(String where) {
    List<String> leaks = takeLeaks();
    if (!leaks.isEmpty()) {
      throw new AssertionError(
          "Netty reported "
              + leaks.size()
              + " leaked buffer(s) after "
              + where
              + ":\n"
              + String.join("\n\n", leaks));
    }
  }

  private static void pause() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
