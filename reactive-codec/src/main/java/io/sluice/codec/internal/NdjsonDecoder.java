package io.sluice.codec.internal;

import io.sluice.codec.ChunkDecoder;
import io.sluice.codec.CodecException;
import io.sluice.codec.LineTooLongException;
import io.sluice.codec.NdjsonException;
import io.sluice.codec.NdjsonLine;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.ObjectReader;

/**
 * Decodes NDJSON: splits UTF-8 lines at the byte level and parses each line with Jackson straight
 * from the chunk's array. Blank lines are skipped but counted.
 *
 * @param <T> the type of the values
 * @param <R> what is emitted: the values, or {@link NdjsonLine}s
 */
public final class NdjsonDecoder<T, R> implements ChunkDecoder<R> {

  private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
  private static final LineEncoding UTF8 = LineEncoding.of(StandardCharsets.UTF_8);

  /** Turns a line's outcome into what is emitted, or throws to fail the stream. */
  private interface Outcomes<T, R> {
    R accepted(long lineNumber, T value);

    R rejected(long lineNumber, CodecException error);
  }

  private final ObjectReader reader;
  private final Outcomes<T, R> outcomes;
  private final LineSplitter splitter;
  private final Preamble preamble = new Preamble(UTF8_BOM);
  private @Nullable Consumer<? super R> out;

  private final LineSplitter.Handler handler =
      new LineSplitter.Handler() {
        @Override
        public void line(byte[] bytes, int offset, int length, long lineNumber, long byteOffset) {
          if (isBlank(bytes, offset, length)) {
            return;
          }
          R result;
          if (startsWithMark(bytes, offset, length)) {
            // Jackson skips a mark at the start of what it parses; only the input's first is ours
            // to skip, so a mark anywhere else is a character that JSON does not allow there.
            emit(
                outcomes.rejected(
                    lineNumber,
                    new NdjsonException(
                        lineNumber,
                        byteOffset,
                        "a byte order mark (U+FEFF) is allowed only at the start of the input",
                        null)));
            return;
          }
          try {
            T value = reader.readValue(bytes, offset, length);
            result =
                value == null
                    ? outcomes.rejected(
                        lineNumber,
                        new NdjsonException(
                            lineNumber, byteOffset, "the line is JSON null, not a value", null))
                    : outcomes.accepted(lineNumber, value);
          } catch (JacksonException e) {
            result =
                outcomes.rejected(
                    lineNumber, new NdjsonException(lineNumber, byteOffset, describe(e), e));
          }
          emit(result);
        }

        @Override
        public void tooLong(LineTooLongException error) {
          emit(outcomes.rejected(error.lineNumber(), error));
        }
      };

  private NdjsonDecoder(
      ObjectReader reader, int maxLineLength, boolean tolerant, Outcomes<T, R> outcomes) {
    this.reader = reader;
    this.outcomes = outcomes;
    this.splitter = new LineSplitter(UTF8, maxLineLength, tolerant, 0);
  }

  /**
   * A decoder that emits the values and fails on the first bad line.
   *
   * @param reader reads one value of the target type
   * @param maxLineLength the longest accepted line in bytes
   * @param <T> the type of the values
   * @return the decoder of one subscription
   */
  public static <T> NdjsonDecoder<T, T> strict(ObjectReader reader, int maxLineLength) {
    return new NdjsonDecoder<>(
        reader,
        maxLineLength,
        false,
        new Outcomes<T, T>() {
          @Override
          public T accepted(long lineNumber, T value) {
            return value;
          }

          @Override
          public T rejected(long lineNumber, CodecException error) {
            throw error;
          }
        });
  }

  /**
   * A decoder that emits one {@link NdjsonLine} per non-blank line and goes on after bad lines.
   *
   * @param reader reads one value of the target type
   * @param maxLineLength the longest accepted line in bytes
   * @param <T> the type of the values
   * @return the decoder of one subscription
   */
  public static <T> NdjsonDecoder<T, NdjsonLine<T>> tolerant(
      ObjectReader reader, int maxLineLength) {
    return new NdjsonDecoder<>(
        reader,
        maxLineLength,
        true,
        new Outcomes<T, NdjsonLine<T>>() {
          @Override
          public NdjsonLine<T> accepted(long lineNumber, T value) {
            return new NdjsonLine.Accepted<>(lineNumber, value);
          }

          @Override
          public NdjsonLine<T> rejected(long lineNumber, CodecException error) {
            return new NdjsonLine.Rejected<>(lineNumber, error);
          }
        });
  }

  @Override
  public void decode(ByteBuffer chunk, Consumer<? super R> out) {
    this.out = out;
    ByteSlice rest = ByteSlice.of(chunk);
    if (!preamble.isComplete()) {
      rest = preamble.offer(rest);
      if (rest == null) {
        return;
      }
      feedHead();
    }
    splitter.feed(rest, handler);
  }

  @Override
  public void finish(Consumer<? super R> out) {
    this.out = out;
    if (!preamble.isComplete()) {
      preamble.completeAtEnd();
      feedHead();
    }
    splitter.finish(handler);
  }

  private void feedHead() {
    byte[] head = preamble.bytes();
    int skip = Preamble.startsWith(head, UTF8_BOM) ? UTF8_BOM.length : 0;
    if (skip > 0) {
      // Offsets stay those of the input: account for the skipped mark.
      splitter.skipBytes(skip);
    }
    if (head.length > skip) {
      splitter.feed(new ByteSlice(head, skip, head.length - skip), handler);
    }
  }

  private void emit(R result) {
    Consumer<? super R> target = out;
    if (target != null) {
      target.accept(result);
    }
  }

  private static boolean startsWithMark(byte[] bytes, int offset, int length) {
    return length >= UTF8_BOM.length
        && bytes[offset] == UTF8_BOM[0]
        && bytes[offset + 1] == UTF8_BOM[1]
        && bytes[offset + 2] == UTF8_BOM[2];
  }

  private static boolean isBlank(byte[] bytes, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      byte b = bytes[i];
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }

  private static String describe(JacksonException e) {
    String message = e.getOriginalMessage();
    TokenStreamLocation location = e.getLocation();
    int column = location == null ? -1 : location.getColumnNr();
    return column > 0 ? message + " (column " + column + ")" : message;
  }
}
