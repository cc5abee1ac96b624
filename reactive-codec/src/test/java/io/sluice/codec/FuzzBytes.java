package io.sluice.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/** Random inputs for the codecs' property tests: mostly meaningful fragments, with raw bytes. */
final class FuzzBytes {

  private FuzzBytes() {}

  /**
   * Up to 40 pieces, each one of the fragments (UTF-8) or a run of up to 8 random bytes, joined.
   *
   * @param fragments syntax and text that the decoder under test cares about
   * @return the byte arrays
   */
  static Arbitrary<byte[]> mixOf(Arbitrary<String> fragments) {
    Arbitrary<byte[]> text = fragments.map(s -> s.getBytes(StandardCharsets.UTF_8));
    Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(8);
    return Arbitraries.frequencyOf(Tuple.of(4, text), Tuple.of(1, raw))
        .list()
        .ofMaxSize(40)
        .map(
            pieces -> {
              ByteArrayOutputStream out = new ByteArrayOutputStream();
              pieces.forEach(out::writeBytes);
              return out.toByteArray();
            });
  }
}
