package io.sluice.test.netty;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class after which Netty reports a leaked buffer.
 *
 * <p>The test kit registers it for every test class through JUnit's extension auto-detection; it
 * needs {@code junit.jupiter.extensions.autodetection.enabled=true} (a JUnit configuration
 * parameter, set in the build or in {@code junit-platform.properties}).
 */
public final class NettyLeakCheckExtension implements AfterAllCallback {

  /** Creates the extension; JUnit does this. */
  public NettyLeakCheckExtension() {}

  @Override
  public void afterAll(ExtensionContext context) {
    NettyLeakDetection.install();
    NettyLeakDetection.assertNoLeaks(context.getRequiredTestClass().getName());
  }
}
