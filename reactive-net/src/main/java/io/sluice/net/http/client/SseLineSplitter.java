package io.sluice.net.http.client;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

/**
 * Splits a {@code text/event-stream} arriving in chunks into UTF-8 lines ended by {@code \n},
 * {@code \r\n} or a lone {@code \r}, as the event stream format requires (the terminator is not
 * part of the line; {@code reactive-codec}'s lines keep a lone {@code \r}). One splitter belongs to
 * one subscription.
 *
 * <p>A line longer than {@code maxLineLength} bytes fails with the exception made by {@code
 * tooLong}, which receives the number of bytes seen so far; the line is never truncated, and the
 * lines before it are emitted first.
 */
final class SseLineSplitter {

  private final int maxLineLength;
  private final LongFunction<? extends RuntimeException> tooLong;
  private byte[] line = new byte[128];
  private int length;
  private boolean afterCarriageReturn;
  private @Nullable RuntimeException failure;

  /**
   * Creates a splitter.
   *
   * @param maxLineLength the longest line in bytes
   * @param tooLong makes the error for a longer line from the bytes seen
   */
  SseLineSplitter(int maxLineLength, LongFunction<? extends RuntimeException> tooLong) {
    this.maxLineLength = maxLineLength;
    this.tooLong = tooLong;
  }

  /**
   * Splits a flux of chunks into a flux of lines; a last line without terminator is emitted when
   * the chunks complete. Requests one chunk at a time.
   *
   * @param chunks owned chunks
   * @param maxLineLength the longest line in bytes
   * @param tooLong makes the error for a longer line
   * @return the lines
   */
  static Flux<String> split(
      Flux<ByteBuffer> chunks,
      int maxLineLength,
      LongFunction<? extends RuntimeException> tooLong) {
    return Flux.defer(
        () -> {
          SseLineSplitter splitter = new SseLineSplitter(maxLineLength, tooLong);
          return chunks
              .concatMap(chunk -> emit(splitter.feed(chunk), splitter.takeFailure()), 1)
              .concatWith(Flux.defer(() -> Flux.fromIterable(splitter.finish())));
        });
  }

  /**
   * Emits the items completed before a failure, then the failure.
   *
   * @param items the completed items
   * @param failure the failure that followed them, or {@code null}
   * @param <T> the item type
   * @return the items, then the failure if any
   */
  private static <T> Flux<T> emit(List<T> items, @Nullable RuntimeException failure) {
    Flux<T> emitted = items.isEmpty() ? Flux.empty() : Flux.fromIterable(items);
    return failure == null ? emitted : emitted.concatWith(Flux.error(failure));
  }

  /**
   * Returns and forgets the failure met by the last {@link #feed}, if any; once failed, the
   * splitter must not be fed again.
   *
   * @return the failure, or {@code null}
   */
  @Nullable RuntimeException takeFailure() {
    RuntimeException f = failure;
    failure = null;
    return f;
  }

  /**
   * Consumes a chunk and returns the lines it completes. A line over the maximum stops the
   * consumption; the lines completed before it are returned and {@link #takeFailure()} returns the
   * error.
   *
   * @param chunk the next bytes; fully consumed
   * @return complete lines, possibly none
   */
  List<String> feed(ByteBuffer chunk) {
    List<String> lines = List.of();
    while (chunk.hasRemaining()) {
      byte b = chunk.get();
      if (afterCarriageReturn) {
        afterCarriageReturn = false;
        if (b == '\n') {
          continue;
        }
      }
      if (b == '\n' || b == '\r') {
        if (lines.isEmpty()) {
          lines = new ArrayList<>(4);
        }
        lines.add(take());
        afterCarriageReturn = b == '\r';
      } else if (!append(b)) {
        break;
      }
    }
    return lines;
  }

  /**
   * Returns the last line if the input ended without a terminator.
   *
   * @return the unterminated last line, or nothing
   */
  List<String> finish() {
    return length > 0 ? List.of(take()) : List.of();
  }

  private boolean append(byte b) {
    if (length == maxLineLength) {
      long seen = length + 1L;
      length = 0;
      failure = tooLong.apply(seen);
      return false;
    }
    if (length == line.length) {
      byte[] bigger = new byte[(int) Math.min((long) line.length * 2, maxLineLength)];
      System.arraycopy(line, 0, bigger, 0, length);
      line = bigger;
    }
    line[length++] = b;
    return true;
  }

  private String take() {
    String text = new String(line, 0, length, StandardCharsets.UTF_8);
    length = 0;
    return text;
  }
}
