package io.sluice.test.internal;

import io.sluice.test.netty.NettyLeakDetection;
import java.time.Duration;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import reactor.test.StepVerifier;

/**
 * Prepares every test JVM that has the test kit on its class path, before any test class loads:
 * Netty leak detection at paranoid level, recording leaks, and a default {@link StepVerifier}
 * timeout (system property {@code sluice.test.stepVerifierTimeout}, an ISO-8601 duration; default
 * 30 seconds) so that a verification that never completes fails instead of hanging the build.
 */
public final class SluiceLauncherSessionListener implements LauncherSessionListener {

  /** The default {@link StepVerifier} timeout. */
  public static final Duration DEFAULT_STEP_VERIFIER_TIMEOUT = Duration.ofSeconds(30);

  /** Creates the listener; the JUnit Platform does this. */
  public SluiceLauncherSessionListener() {}

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    NettyLeakDetection.install();
    String timeout = System.getProperty("sluice.test.stepVerifierTimeout");
    StepVerifier.setDefaultTimeout(
        timeout == null || timeout.isBlank()
            ? DEFAULT_STEP_VERIFIER_TIMEOUT
            : Duration.parse(timeout));
  }
}
