package io.sluice.net.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class LengthPrefixSplitterTests {

  private static Flux<ByteBuffer> split(int max, byte[]... chunks) {
    return LengthPrefixSplitter.split(
        Flux.fromArray(chunks).map(ByteBuffer::wrap),
        max,
        declared -> new IllegalStateException("too long: " + declared));
  }

  @Test
  void framesSplitAnywhereAreReassembled() {
    ByteBuffer a = LengthPrefixSplitter.encode(ByteBuffer.wrap(new byte[] {1, 2, 3}));
    ByteBuffer b = LengthPrefixSplitter.encode(ByteBuffer.allocate(0));
    ByteBuffer all = ByteBuffer.allocate(a.remaining() + b.remaining()).put(a).put(b).flip();
    byte[] bytes = new byte[all.remaining()];
    all.get(bytes);
    byte[][] oneByteChunks = new byte[bytes.length][];
    for (int i = 0; i < bytes.length; i++) {
      oneByteChunks[i] = new byte[] {bytes[i]};
    }

    StepVerifier.create(split(10, oneByteChunks))
        .expectNext(ByteBuffer.wrap(new byte[] {1, 2, 3}))
        .expectNext(ByteBuffer.allocate(0))
        .verifyComplete();
  }

  @Test
  void aDeclaredLengthOverTheMaximumFailsAfterTheFramesBeforeIt() {
    byte[] good = {0, 0, 0, 1, 9};
    byte[] huge = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};
    StepVerifier.create(split(10, good, huge))
        .expectNext(ByteBuffer.wrap(new byte[] {9}))
        .expectErrorMessage("too long: 4294967295")
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void inputEndingInsideAFrameFails() {
    StepVerifier.create(split(10, new byte[] {0, 0, 0, 5, 1}))
        .expectError(EOFException.class)
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void encodingDoesNotConsumeThePayload() {
    ByteBuffer payload = ByteBuffer.wrap(new byte[] {7, 8});
    ByteBuffer encoded = LengthPrefixSplitter.encode(payload);
    assertThat(payload.remaining()).isEqualTo(2);
    assertThat(encoded.getInt()).isEqualTo(2);
  }
}
