package io.sluice.codec.internal;

import io.sluice.codec.ChunkDecoder;
import io.sluice.codec.LineOptions;
import io.sluice.codec.LineTooLongException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** Decodes chunks into lines of text: byte order mark, line splitting and charset decoding. */
public final class LineDecoder implements ChunkDecoder<String> {

  private final LineOptions options;
  private final LineEncoding.Candidates candidates;
  private final Preamble preamble;
  private @Nullable LineSplitter splitter;
  private @Nullable TextDecoder text;
  private @Nullable Consumer<? super String> out;

  private final LineSplitter.Handler handler =
      new LineSplitter.Handler() {
        @Override
        public void line(byte[] bytes, int offset, int length, long lineNumber, long byteOffset) {
          TextDecoder decoder = text;
          Consumer<? super String> target = out;
          if (decoder != null && target != null) {
            target.accept(decoder.decode(bytes, offset, length, lineNumber, byteOffset));
          }
        }

        @Override
        public void tooLong(LineTooLongException error) {
          throw error;
        }
      };

  /**
   * Creates the decoder of one subscription.
   *
   * @param options the line options
   * @param candidates the encodings of {@code options.charset()}, computed once at assembly
   */
  public LineDecoder(LineOptions options, LineEncoding.Candidates candidates) {
    this.options = options;
    this.candidates = candidates;
    this.preamble = new Preamble(candidates.marks(options.skipBom()));
  }

  @Override
  public void decode(ByteBuffer chunk, Consumer<? super String> out) {
    this.out = out;
    ByteSlice rest = ByteSlice.of(chunk);
    LineSplitter current = splitter;
    if (current == null) {
      rest = preamble.offer(rest);
      if (rest == null) {
        return;
      }
      current = start();
    }
    current.feed(rest, handler);
  }

  @Override
  public void finish(Consumer<? super String> out) {
    this.out = out;
    LineSplitter current = splitter;
    if (current == null) {
      preamble.completeAtEnd();
      current = start();
    }
    current.finish(handler);
  }

  private LineSplitter start() {
    byte[] head = preamble.bytes();
    LineEncoding.Choice choice = candidates.choose(head, options.skipBom());
    LineSplitter created =
        new LineSplitter(choice.encoding(), options.maxLineLength(), false, choice.skip());
    this.splitter = created;
    this.text = new TextDecoder(choice.encoding().charset(), options.malformedInputAction());
    if (head.length > choice.skip()) {
      created.feed(new ByteSlice(head, choice.skip(), head.length - choice.skip()), handler);
    }
    return created;
  }
}
