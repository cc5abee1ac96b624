package io.sluice.demo.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The token bucket's arithmetic, on a clock the test moves. */
class RateLimiterTests {

  private static final long SECOND = 1_000_000_000L;

  private final AtomicLong clock = new AtomicLong();
  private final RateLimiter limiter = new RateLimiter(2, clock::get);
  private final InetAddress alice = InetAddress.getLoopbackAddress();
  private final InetAddress bob = address(10, 0, 0, 2);

  @Test
  void aBurstOfTwiceTheRateIsAllowedThenTheClientWaits() {
    for (int i = 0; i < 4; i++) {
      assertThat(limiter.take(alice)).as("request %d", i).isZero();
    }
    assertThat(limiter.take(alice)).isEqualTo(SECOND / 2);
  }

  @Test
  void tokensComeBackAtTheRate() {
    for (int i = 0; i < 4; i++) {
      limiter.take(alice);
    }
    clock.addAndGet(SECOND / 2);

    assertThat(limiter.take(alice)).isZero();
    assertThat(limiter.take(alice)).isPositive();
  }

  @Test
  void eachAddressHasItsOwnBucket() {
    for (int i = 0; i < 4; i++) {
      limiter.take(alice);
    }

    assertThat(limiter.take(alice)).isPositive();
    assertThat(limiter.take(bob)).isZero();
  }

  @Test
  void aRateBelowOneIsRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new RateLimiter(0))
        .withMessageContaining("perSecond");
  }

  private static InetAddress address(int a, int b, int c, int d) {
    try {
      return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
