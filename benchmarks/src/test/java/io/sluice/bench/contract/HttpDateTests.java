package io.sluice.bench.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HttpDateTests {

  @Test
  void formatsAnImfFixdateOncePerSecond() {
    AtomicLong millis = new AtomicLong(Instant.parse("1994-11-06T08:49:37.100Z").toEpochMilli());
    HttpDate date = new HttpDate(new SteppedClock(millis));

    String first = date.now();
    millis.addAndGet(800);
    String sameSecond = date.now();
    millis.addAndGet(100);
    String nextSecond = date.now();

    assertThat(first).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
    assertThat(sameSecond).isSameAs(first);
    assertThat(nextSecond).isEqualTo("Sun, 06 Nov 1994 08:49:38 GMT");
  }

  /** A clock at whatever instant the test sets. */
  private static final class SteppedClock extends Clock {

    private final AtomicLong millis;

    SteppedClock(AtomicLong millis) {
      this.millis = millis;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis.get());
    }
  }
}
