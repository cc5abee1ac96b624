package io.sluice.demo.readings;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class FirstRowTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @Test
  void emitsTheStreamOnceTheFirstRowArrivedAndItReplaysThatRowFromTheSameSubscription() {
    AtomicInteger subscriptions = new AtomicInteger();
    AtomicLong requested = new AtomicLong();
    Flux<Integer> rows =
        Flux.range(1, 5)
            .doOnSubscribe(s -> subscriptions.incrementAndGet())
            .doOnRequest(requested::addAndGet);

    Flux<Integer> stream = FirstRow.await(rows).block(TIMEOUT);

    assertThat(stream).isNotNull();
    assertThat(requested).as("asked for before the stream is subscribed").hasValue(1);
    StepVerifier.create(stream, 0)
        .thenRequest(2)
        .expectNext(1, 2)
        .thenRequest(10)
        .expectNext(3, 4, 5)
        .expectComplete()
        .verify(TIMEOUT);
    assertThat(subscriptions).hasValue(1);
  }

  @Test
  void emitsAnEmptyStreamWhenThereAreNoRows() {
    Flux<Integer> stream = FirstRow.await(Flux.<Integer>empty()).block(TIMEOUT);

    assertThat(stream).isNotNull();
    StepVerifier.create(stream).expectComplete().verify(TIMEOUT);
  }

  @Test
  void failsWithTheQueryErrorThatCameBeforeTheFirstRow() {
    IllegalStateException outage = new IllegalStateException("connection refused");

    StepVerifier.create(FirstRow.await(Flux.<Integer>error(outage)))
        .expectErrorSatisfies(e -> assertThat(e).isSameAs(outage))
        .verify(TIMEOUT);
  }

  @Test
  void cancellingBeforeTheFirstRowCancelsTheQuery() {
    AtomicBoolean cancelled = new AtomicBoolean();

    StepVerifier.create(FirstRow.await(Flux.<Integer>never().doOnCancel(() -> cancelled.set(true))))
        .expectSubscription()
        .thenCancel()
        .verify(TIMEOUT);

    assertThat(cancelled).isTrue();
  }

  @Test
  void cancellingTheStreamCancelsTheQuery() {
    AtomicBoolean cancelled = new AtomicBoolean();
    Flux<Integer> rows =
        Flux.just(1).concatWith(Mono.never()).doOnCancel(() -> cancelled.set(true));
    Flux<Integer> stream = FirstRow.await(rows).block(TIMEOUT);

    assertThat(stream).isNotNull();
    StepVerifier.create(stream).expectNext(1).thenCancel().verify(TIMEOUT);

    assertThat(cancelled).isTrue();
  }
}
