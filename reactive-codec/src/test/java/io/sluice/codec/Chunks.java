package io.sluice.codec;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;

/** Builds Flux sources of chunks for the codec tests. */
final class Chunks {

  private Chunks() {}

  /** The bytes cut at the given offsets: {@code cut(b, 3)} gives [0,3) and [3,n). */
  static Flux<ByteBuffer> cut(byte[] bytes, int... cuts) {
    List<ByteBuffer> chunks = new ArrayList<>();
    int from = 0;
    for (int cut : cuts) {
      chunks.add(ByteBuffer.wrap(Arrays.copyOfRange(bytes, from, cut)));
      from = cut;
    }
    chunks.add(ByteBuffer.wrap(Arrays.copyOfRange(bytes, from, bytes.length)));
    return Flux.fromIterable(chunks).map(ByteBuffer::duplicate);
  }

  /** The bytes in chunks of {@code size} bytes. */
  static Flux<ByteBuffer> of(byte[] bytes, int size) {
    List<ByteBuffer> chunks = new ArrayList<>();
    for (int from = 0; from < bytes.length; from += size) {
      chunks.add(
          ByteBuffer.wrap(Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + size))));
    }
    return Flux.fromIterable(chunks).map(ByteBuffer::duplicate);
  }

  /** An endless source of copies of {@code chunk}, counting what is requested from it. */
  static Flux<ByteBuffer> endless(byte[] chunk, AtomicLong requested) {
    return Flux.<ByteBuffer>generate(sink -> sink.next(ByteBuffer.wrap(chunk.clone())))
        .doOnRequest(requested::addAndGet);
  }

  static byte[] concat(List<ByteBuffer> chunks) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (ByteBuffer chunk : chunks) {
      byte[] bytes = new byte[chunk.remaining()];
      chunk.duplicate().get(bytes);
      out.writeBytes(bytes);
    }
    return out.toByteArray();
  }

  static String text(ByteBuffer chunk) {
    byte[] bytes = new byte[chunk.remaining()];
    chunk.duplicate().get(bytes);
    return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
  }
}
