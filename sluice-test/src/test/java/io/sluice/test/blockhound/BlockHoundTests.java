package io.sluice.test.blockhound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.cause;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

class BlockHoundTests {

  @Test
  void sleepOnParallelSchedulerIsReportedAsBlocking() {
    Mono<Integer> sleepy =
        Mono.fromCallable(
                () -> {
                  Thread.sleep(10);
                  return 1;
                })
            .subscribeOn(Schedulers.parallel());

    StepVerifier.create(sleepy)
        .expectErrorSatisfies(
            error ->
                assertThat(error)
                    .isInstanceOf(BlockingOperationError.class)
                    .hasMessageContaining("java.lang.Thread.sleep"))
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void testThatSleepsOnParallelSchedulerFails() {
    EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(SleepsOnParallel.class))
        .execute()
        .testEvents()
        .assertThatEvents()
        .haveExactly(1, finishedWithFailure(cause(instanceOf(BlockingOperationError.class))));
  }

  @Test
  void sleepOnBoundedElasticIsAllowed() {
    Mono<Integer> sleepy =
        Mono.fromCallable(
                () -> {
                  Thread.sleep(10);
                  return 1;
                })
            .subscribeOn(Schedulers.boundedElastic());

    StepVerifier.create(sleepy).expectNext(1).verifyComplete();
  }

  /** Run only through the engine test kit above. */
  static class SleepsOnParallel {
    @Test
    void sleepsOnParallel() {
      Mono.fromRunnable(() -> sleep()).subscribeOn(Schedulers.parallel()).block();
    }

    private static void sleep() {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
