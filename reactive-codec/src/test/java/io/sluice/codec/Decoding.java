package io.sluice.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * What a decoder made of some bytes, cut into chunks: the values it emitted and the error it ended
 * with, if any. Decoding runs on a parallel worker (where BlockHound forbids blocking) under a
 * timeout, so a decoder that loops or stops signalling fails the property instead of hanging it.
 *
 * @param values the values, in order
 * @param error the error that ended the stream, or null if it completed
 */
record Decoding<T>(List<T> values, @Nullable Throwable error) {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /**
   * Decodes the bytes, cut at the given offsets (any values; they are folded into the input's
   * range), into chunks of the given kind.
   *
   * @param oneByOne whether downstream requests one value at a time instead of all at once
   */
  static <T> Decoding<T> of(
      byte[] bytes,
      List<Integer> cuts,
      ChunkKind kind,
      boolean oneByOne,
      Function<Flux<ByteBuffer>, Flux<T>> decoder) {
    Flux<T> decoded = chunks(bytes, cuts, kind).transform(decoder);
    if (oneByOne) {
      decoded = decoded.limitRate(1);
    }
    List<T> values = Collections.synchronizedList(new ArrayList<>());
    AtomicReference<@Nullable Throwable> error = new AtomicReference<>();
    StepVerifier.create(
            decoded
                .subscribeOn(Schedulers.parallel())
                .doOnNext(values::add)
                .onErrorResume(
                    e -> {
                      error.set(e);
                      return Mono.empty();
                    })
                .then())
        .expectComplete()
        .verifyThenAssertThat(TIMEOUT)
        .hasNotDroppedErrors();
    return new Decoding<>(List.copyOf(values), error.get());
  }

  /** Decodes the bytes as one heap chunk, all values requested at once. */
  static <T> Decoding<T> whole(byte[] bytes, Function<Flux<ByteBuffer>, Flux<T>> decoder) {
    return of(bytes, List.of(), ChunkKind.HEAP, false, decoder);
  }

  /** Asserts that the stream completed, or failed with one of the documented exception types. */
  Decoding<T> endedWithNothingBut(Class<?>... documented) {
    if (error != null) {
      assertThat(error).isInstanceOfAny(documented);
    }
    return this;
  }

  /** Asserts the same values and the same error (type and message, which names the position). */
  void isTheSameAs(Decoding<T> other) {
    assertThat(values).isEqualTo(other.values);
    assertThat(describe(error)).isEqualTo(describe(other.error));
  }

  private static @Nullable String describe(@Nullable Throwable error) {
    return error == null ? null : error.getClass().getName() + ": " + error.getMessage();
  }

  private static Flux<ByteBuffer> chunks(byte[] bytes, List<Integer> cuts, ChunkKind kind) {
    TreeSet<Integer> offsets = new TreeSet<>();
    for (Integer cut : cuts) {
      offsets.add(Math.floorMod(Objects.requireNonNull(cut), bytes.length + 1));
    }
    offsets.add(bytes.length);
    List<ByteBuffer> chunks = new ArrayList<>();
    int from = 0;
    for (int to : offsets) {
      chunks.add(kind.wrap(bytes, from, to));
      from = to;
    }
    return Flux.defer(() -> Flux.fromIterable(chunks).map(ByteBuffer::duplicate));
  }
}
