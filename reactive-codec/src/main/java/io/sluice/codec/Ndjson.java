package io.sluice.codec;

import io.sluice.codec.internal.DecodingTransformer;
import io.sluice.codec.internal.NdjsonDecoder;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.SerializationFeature;

/**
 * Newline-delimited JSON (NDJSON, JSON Lines) for any Flux of byte chunks, with Jackson: one JSON
 * value per line, UTF-8.
 *
 * <pre>{@code
 * Flux<Order> orders = chunks.transform(Ndjson.decoder(Order.class));
 * Flux<ByteBuffer> bytes = orders.transform(Ndjson.encoder());
 *
 * // Keep going past bad lines and count them:
 * chunks.transform(Ndjson.tolerantDecoder(Order.class))
 *     .doOnNext(line -> {
 *       if (line instanceof NdjsonLine.Rejected<Order> rejected) {
 *         log.warn("line {}: {}", rejected.lineNumber(), rejected.error().getMessage());
 *       }
 *     });
 * }</pre>
 *
 * <p>Lines end at {@code \n} (a {@code \r} before it is dropped). Blank lines are skipped but
 * counted, so line numbers match the input. A UTF-8 byte order mark that starts the input is
 * skipped; a line that starts with one anywhere else is rejected. Each line is parsed on its own,
 * from the chunk's bytes without copying when the line lies inside one chunk; a line holding more
 * than one value is rejected.
 */
public final class Ndjson {

  private Ndjson() {}

  /**
   * Decodes one value of {@code type} per line, with the {@link NdjsonOptions#defaults() default
   * options}.
   *
   * @param type the class of the values
   * @param <T> the type of the values
   * @return the transformer; see {@link #decoder(Class, NdjsonOptions)}
   */
  public static <T> Function<Flux<ByteBuffer>, Flux<T>> decoder(Class<T> type) {
    return decoder(type, NdjsonOptions.defaults());
  }

  /**
   * Decodes one value of {@code type} per line and fails on the first bad line.
   *
   * <p><b>Emits</b> the values, in order. <b>Backpressure:</b> one chunk is requested ahead at
   * most; the values of a chunk are emitted as downstream demands them; at most {@code
   * maxLineLength} bytes plus one chunk are buffered. <b>Cancellation:</b> cancels the source.
   * <b>Errors:</b> {@link NdjsonException} with the line number for a line that is not one valid
   * JSON value of the type (or is {@code null}); {@link LineTooLongException} for a line longer
   * than {@code maxLineLength}. Values before the bad line are emitted first. Source errors pass
   * through.
   *
   * @param type the class of the values
   * @param options mapper and line limit
   * @param <T> the type of the values
   * @return the transformer, reusable for any number of subscriptions
   */
  public static <T> Function<Flux<ByteBuffer>, Flux<T>> decoder(
      Class<T> type, NdjsonOptions options) {
    ObjectReader reader = reader(type, options);
    int max = options.maxLineLength();
    return new DecodingTransformer<>(() -> NdjsonDecoder.<T>strict(reader, max));
  }

  /**
   * Decodes one value of {@code type} per line, reporting bad lines instead of failing, with the
   * {@link NdjsonOptions#defaults() default options}.
   *
   * @param type the class of the values
   * @param <T> the type of the values
   * @return the transformer; see {@link #tolerantDecoder(Class, NdjsonOptions)}
   */
  public static <T> Function<Flux<ByteBuffer>, Flux<NdjsonLine<T>>> tolerantDecoder(Class<T> type) {
    return tolerantDecoder(type, NdjsonOptions.defaults());
  }

  /**
   * Decodes one value of {@code type} per line, reporting bad lines and going on.
   *
   * <p><b>Emits</b> one {@link NdjsonLine} per non-blank line, in order: {@link
   * NdjsonLine.Accepted} with the value, or {@link NdjsonLine.Rejected} with an {@link
   * NdjsonException} (invalid JSON, {@code null}, or not mappable to the type) or a {@link
   * LineTooLongException} (the line's bytes were skipped as they streamed by, never buffered).
   * <b>Backpressure:</b> as {@link #decoder(Class, NdjsonOptions)}. <b>Cancellation:</b> cancels
   * the source. <b>Errors:</b> only source errors.
   *
   * @param type the class of the values
   * @param options mapper and line limit
   * @param <T> the type of the values
   * @return the transformer, reusable for any number of subscriptions
   */
  public static <T> Function<Flux<ByteBuffer>, Flux<NdjsonLine<T>>> tolerantDecoder(
      Class<T> type, NdjsonOptions options) {
    ObjectReader reader = reader(type, options);
    int max = options.maxLineLength();
    return new DecodingTransformer<>(() -> NdjsonDecoder.<T>tolerant(reader, max));
  }

  /**
   * Encodes values as NDJSON with the shared JSON mapper.
   *
   * @param <T> the type of the values
   * @return the transformer; see {@link #encoder(NdjsonOptions)}
   */
  public static <T> Function<Flux<T>, Flux<ByteBuffer>> encoder() {
    return encoder(NdjsonOptions.defaults());
  }

  /**
   * Encodes each value as one line of compact JSON followed by {@code \n}.
   *
   * <p><b>Emits</b> one fresh heap buffer per value, owned by the subscriber. <b>Backpressure:</b>
   * one value per requested buffer. <b>Errors:</b> Jackson's exception if a value cannot be
   * serialized; source errors pass through.
   *
   * @param options the mapper to use
   * @param <T> the type of the values
   * @return the transformer
   */
  public static <T> Function<Flux<T>, Flux<ByteBuffer>> encoder(NdjsonOptions options) {
    Objects.requireNonNull(options, "options");
    ObjectWriter writer = options.mapper().writer().without(SerializationFeature.INDENT_OUTPUT);
    return values ->
        values.map(
            value -> {
              byte[] json = writer.writeValueAsBytes(value);
              return ByteBuffer.allocate(json.length + 1).put(json).put((byte) '\n').flip();
            });
  }

  private static ObjectReader reader(Class<?> type, NdjsonOptions options) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(options, "options");
    return options.mapper().readerFor(type).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }
}
