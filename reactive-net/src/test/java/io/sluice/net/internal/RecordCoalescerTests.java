package io.sluice.net.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

class RecordCoalescerTests {

  private static final byte[] NEWLINE = {'\n'};
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private static Flux<byte[]> numbers(int count, AtomicLong requested) {
    return Flux.range(0, count)
        .doOnRequest(n -> requested.addAndGet(n))
        .map(i -> Integer.toString(i).getBytes(StandardCharsets.US_ASCII));
  }

  /** Reads a buffer as text and releases it. */
  private static String text(ByteBuf buf) {
    try {
      return buf.toString(StandardCharsets.US_ASCII);
    } finally {
      buf.release();
    }
  }

  /** Runs the packing tasks only when the test says so, as a busy event loop would. */
  private static final class ManualLoop implements Executor {
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

    @Override
    public void execute(Runnable task) {
      tasks.add(task);
    }

    int runPending() {
      int ran = 0;
      for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
        task.run();
        ran++;
      }
      return ran;
    }
  }

  @Test
  void recordsThatArriveWhileTheLoopIsBusyArePackedIntoBuffersOfAtMostMaxBytes() {
    Sinks.Many<byte[]> source = Sinks.many().unicast().onBackpressureBuffer();
    ManualLoop loop = new ManualLoop();
    List<String> packed = new ArrayList<>();

    RecordCoalescer.of(source.asFlux(), NEWLINE, 64, 100, loop)
        .map(RecordCoalescerTests::text)
        .subscribe(packed::add);
    for (int i = 0; i < 50; i++) {
      source.tryEmitNext(Integer.toString(i).getBytes(StandardCharsets.US_ASCII));
    }
    assertThat(packed).as("nothing is written before the loop runs").isEmpty();
    assertThat(loop.runPending()).as("one task for the whole burst").isEqualTo(1);

    assertThat(packed).hasSizeGreaterThan(1).hasSizeLessThan(10);
    assertThat(packed).allSatisfy(buffer -> assertThat(buffer.length()).isLessThanOrEqualTo(64));
    assertThat(packed.get(0)).startsWith("0\n1\n2\n");
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < 50; i++) {
      expected.append(i).append('\n');
    }
    assertThat(String.join("", packed)).isEqualTo(expected.toString());
  }

  @Test
  void everyRecordArrivesOnceInOrderAndDemandToTheSourceStaysBounded() {
    AtomicLong requested = new AtomicLong();
    List<String> lines = new ArrayList<>();
    AtomicLong maxAhead = new AtomicLong();
    AtomicLong delivered = new AtomicLong();

    StepVerifier.create(
            RecordCoalescer.of(
                    numbers(100_000, requested)
                        .doOnNext(
                            record ->
                                maxAhead.accumulateAndGet(
                                    requested.get() - delivered.get(), Math::max)),
                    NEWLINE,
                    256,
                    32,
                    Runnable::run)
                .map(RecordCoalescerTests::text)
                .doOnNext(
                    packed -> {
                      for (String line : packed.split("\n", -1)) {
                        if (!line.isEmpty()) {
                          lines.add(line);
                          delivered.incrementAndGet();
                        }
                      }
                    }),
            1)
        .thenRequest(Long.MAX_VALUE)
        .thenConsumeWhile(packed -> true)
        .expectComplete()
        .verify(TIMEOUT);

    assertThat(lines).hasSize(100_000);
    for (int i = 0; i < lines.size(); i++) {
      assertThat(lines.get(i)).isEqualTo(Integer.toString(i));
    }
    // never more than the prefetch asked ahead of what was handed on
    assertThat(maxAhead.get()).isLessThanOrEqualTo(32);
  }

  @Test
  void aSlowWriterKeepsTheSourceWithinThePrefetch() {
    AtomicLong requested = new AtomicLong();

    StepVerifier.create(
            RecordCoalescer.of(numbers(1_000_000, requested), NEWLINE, 1024, 64, Runnable::run), 0)
        .thenRequest(3)
        .expectNextCount(3)
        .then(() -> assertThat(requested.get()).isLessThanOrEqualTo(64 + 64))
        .thenCancel()
        .verify(TIMEOUT);
    assertThat(requested.get()).isLessThan(1_000);
  }

  @Test
  void aRecordFromASlowSourceGoesOutAtOnceAndCancellingCancelsTheSource() {
    Sinks.Many<byte[]> source = Sinks.many().unicast().onBackpressureBuffer();
    AtomicLong cancelled = new AtomicLong();
    ManualLoop loop = new ManualLoop();

    StepVerifier.create(
            RecordCoalescer.of(
                source.asFlux().doOnCancel(cancelled::incrementAndGet),
                NEWLINE,
                16 * 1024,
                256,
                loop))
        .then(() -> source.tryEmitNext("first".getBytes(StandardCharsets.US_ASCII)))
        .then(() -> assertThat(loop.runPending()).isEqualTo(1))
        .assertNext(buf -> assertThat(text(buf)).isEqualTo("first\n"))
        .then(() -> source.tryEmitNext("second".getBytes(StandardCharsets.US_ASCII)))
        .then(() -> assertThat(loop.runPending()).isEqualTo(1))
        .assertNext(buf -> assertThat(text(buf)).isEqualTo("second\n"))
        .then(loop::runPending)
        .thenCancel()
        .verify(TIMEOUT);
    assertThat(cancelled.get()).isEqualTo(1);
  }

  @Test
  void aRecordLargerThanMaxBytesGoesOutAlone() {
    byte[] big = "x".repeat(100).getBytes(StandardCharsets.US_ASCII);
    byte[] small = "a".getBytes(StandardCharsets.US_ASCII);
    ManualLoop loop = new ManualLoop();
    List<String> packed = new ArrayList<>();

    RecordCoalescer.of(Flux.just(small, small, big, big, small), NEWLINE, 10, 8, loop)
        .map(RecordCoalescerTests::text)
        .subscribe(packed::add);
    loop.runPending();

    String large = "x".repeat(100) + "\n";
    assertThat(packed).containsExactly("a\na\n", large, large, "a\n");
  }

  @Test
  void theSourcesErrorFollowsTheRecordsItDeliveredBeforeIt() {
    Flux<byte[]> failing =
        Flux.just("a".getBytes(StandardCharsets.US_ASCII), "b".getBytes(StandardCharsets.US_ASCII))
            .concatWith(Flux.error(new IllegalStateException("boom")));

    StepVerifier.create(
            RecordCoalescer.of(failing, NEWLINE, 1024, 8, Runnable::run)
                .map(RecordCoalescerTests::text))
        .expectNext("a\n", "b\n")
        .expectErrorMessage("boom")
        .verifyThenAssertThat(TIMEOUT)
        .hasNotDroppedErrors();
  }

  @Test
  void eachSubscriptionPacksAgain() {
    Flux<String> packed =
        RecordCoalescer.of(
                Flux.just("a".getBytes(StandardCharsets.US_ASCII)), NEWLINE, 1024, 8, Runnable::run)
            .map(RecordCoalescerTests::text);

    StepVerifier.create(packed).expectNext("a\n").expectComplete().verify(TIMEOUT);
    StepVerifier.create(packed).expectNext("a\n").expectComplete().verify(TIMEOUT);
  }

  @Test
  void limitsAreCheckedAtAssembly() {
    assertThatThrownBy(() -> RecordCoalescer.of(Flux.empty(), NEWLINE, 0, 8, Runnable::run))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxBytes");
    assertThatThrownBy(() -> RecordCoalescer.of(Flux.empty(), NEWLINE, 8, 0, Runnable::run))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("prefetch");
  }
}
