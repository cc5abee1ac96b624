package io.sluice.test.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

class NettyLeakDetectionTests {

  @Test
  void detectorRunsAtParanoidLevel() {
    assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
  }

  @Test
  void unreleasedBufferIsReported() {
    NettyLeakDetection.takeLeaks();
    leakOneBuffer();

    List<String> leaks = NettyLeakDetection.takeLeaks();

    assertThat(leaks).hasSize(1);
    assertThat(leaks.get(0))
        .contains("LEAK: ByteBuf.release() was not called")
        .contains("leakOneBuffer");
  }

  @Test
  void releasedBufferIsNotReported() {
    NettyLeakDetection.takeLeaks();
    ByteBuf buffer = ByteBufAllocator.DEFAULT.buffer(16);
    buffer.writeCharSequence("released", StandardCharsets.US_ASCII);
    buffer.release();

    assertThat(NettyLeakDetection.takeLeaks()).isEmpty();
  }

  @Test
  void testClassThatLeaksABufferFails() {
    EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(LeaksABuffer.class))
        .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
        .execute()
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            finishedWithFailure(
                message(m -> m.contains("Netty reported 1 leaked buffer(s) after"))));
  }

  static void leakOneBuffer() {
    ByteBuf buffer = ByteBufAllocator.DEFAULT.buffer(16);
    buffer.writeCharSequence("leaked", StandardCharsets.US_ASCII);
    buffer.touch("leakOneBuffer");
  }

  /** Run only through the engine test kit above. */
  static class LeaksABuffer {
    @Test
    void leaks() {
      leakOneBuffer();
    }
  }
}
