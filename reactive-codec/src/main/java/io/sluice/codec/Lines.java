package io.sluice.codec;

import io.sluice.codec.internal.DecodingTransformer;
import io.sluice.codec.internal.LineDecoder;
import io.sluice.codec.internal.LineEncoding;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Function;
import reactor.core.publisher.Flux;

/**
 * Line decoding and encoding for any Flux of byte chunks, for use with {@link Flux#transform}:
 *
 * <pre>{@code
 * Flux<String> lines = chunks.transform(Lines.decoder());
 * Flux<ByteBuffer> bytes = lines.transform(Lines.encoder());
 * }</pre>
 *
 * <p>A line ends at a line feed ({@code \n}); the carriage return of a {@code \r\n} pair is
 * dropped, and a lone {@code \r} stays part of the line. The last line needs no terminator. The
 * input {@code "a\n\nb"} gives {@code "a", "", "b"}; {@code "a\n"} gives just {@code "a"}.
 */
public final class Lines {

  private static final byte[] LINE_FEED = {'\n'};

  private Lines() {}

  /**
   * Decodes UTF-8 lines with the {@link LineOptions#defaults() default options}: 1 MiB per line at
   * most, a leading byte order mark skipped, malformed input reported.
   *
   * @return the transformer; see {@link #decoder(LineOptions)}
   */
  public static Function<Flux<ByteBuffer>, Flux<String>> decoder() {
    return decoder(LineOptions.defaults());
  }

  /**
   * Decodes lines of text. Characters split across chunks, at any byte, decode correctly.
   *
   * <p><b>Emits</b> each line as a String, without its terminator. <b>Backpressure:</b> one chunk
   * is requested ahead at most; the lines of a chunk are emitted as downstream demands them. At
   * most {@code maxLineLength} bytes plus one chunk are buffered. <b>Cancellation:</b> cancels the
   * source; nothing to release. <b>Errors:</b> {@link LineTooLongException} for a line longer than
   * {@code maxLineLength} bytes; {@link MalformedTextException} (with the byte offset) for bytes
   * that are invalid in the charset, unless {@link MalformedInputAction#REPLACE} is set. Lines
   * before the failure are emitted first. Source errors pass through.
   *
   * <p>Chunks are read from position to limit and not changed; the transformer may hold a chunk
   * until its lines are emitted, so the producer must not reuse it.
   *
   * @param options charset, limits and malformed input handling
   * @return the transformer, reusable for any number of sources and subscriptions
   * @throws IllegalArgumentException if lines cannot be split in the charset
   */
  public static Function<Flux<ByteBuffer>, Flux<String>> decoder(LineOptions options) {
    Objects.requireNonNull(options, "options");
    LineEncoding.Candidates candidates = LineEncoding.candidates(options.charset());
    return new DecodingTransformer<>(() -> new LineDecoder(options, candidates));
  }

  /**
   * A synchronous line decoder for one stream, for code that reads bytes itself (for example a poll
   * loop that follows a growing file). It decodes exactly as {@link #decoder(LineOptions)}: {@code
   * decode} hands over the complete lines of each chunk, {@code finish} the last line without
   * terminator. Errors are thrown as {@link LineTooLongException} and {@link
   * MalformedTextException}. Not thread-safe.
   *
   * @param options charset, limits and malformed input handling
   * @return a new decoder
   * @throws IllegalArgumentException if lines cannot be split in the charset
   */
  public static ChunkDecoder<String> newDecoder(LineOptions options) {
    Objects.requireNonNull(options, "options");
    return new LineDecoder(options, LineEncoding.candidates(options.charset()));
  }

  /**
   * Encodes lines as UTF-8, each followed by a line feed.
   *
   * @return the transformer; see {@link #encoder(Charset)}
   */
  public static Function<Flux<String>, Flux<ByteBuffer>> encoder() {
    return encoder(StandardCharsets.UTF_8);
  }

  /**
   * Encodes lines in a charset, each followed by a line feed ({@code \n}).
   *
   * <p><b>Emits</b> one fresh heap buffer per line, owned by the subscriber. No byte order mark is
   * written: UTF-16 and UTF-32 are written big-endian. Characters the charset cannot encode are
   * replaced by its replacement bytes (for UTF-8, an unpaired surrogate becomes {@code ?}).
   * <b>Backpressure:</b> one line per requested buffer. <b>Errors:</b> source errors pass through.
   *
   * @param charset the charset to write
   * @return the transformer
   * @throws IllegalArgumentException if lines cannot be written in the charset
   */
  public static Function<Flux<String>, Flux<ByteBuffer>> encoder(Charset charset) {
    Objects.requireNonNull(charset, "charset");
    Charset fixed = LineEncoding.candidates(charset).primary().charset();
    boolean utf8 = fixed.equals(StandardCharsets.UTF_8);
    return lines ->
        lines.map(
            line -> {
              if (utf8) {
                byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                ByteBuffer buffer = ByteBuffer.allocate(bytes.length + 1);
                return buffer.put(bytes).put(LINE_FEED).flip();
              }
              return ByteBuffer.wrap((line + "\n").getBytes(fixed));
            });
  }
}
