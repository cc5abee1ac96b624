package io.sluice.net.tcp;

import io.sluice.codec.LengthPrefixOptions;
import io.sluice.codec.LengthPrefixed;
import io.sluice.codec.LineOptions;
import io.sluice.codec.Lines;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.function.Function;
import reactor.core.publisher.Flux;

/**
 * How messages are cut out of, and put into, the byte stream of a TCP connection: a decoder and an
 * encoder, each a {@code reactive-codec} style transformer. Immutable.
 *
 * <p>The built-in framings bound every inbound frame: a longer one fails the inbound stream with
 * {@link io.sluice.codec.LineTooLongException} or {@link io.sluice.codec.FrameTooLongException}
 * after the frames before it, and is never truncated.
 *
 * @param <T> the message type
 */
public final class TcpFraming<T> {

  private final Function<Flux<ByteBuffer>, Flux<T>> decoder;
  private final Function<Flux<T>, Flux<ByteBuffer>> encoder;

  private TcpFraming(
      Function<Flux<ByteBuffer>, Flux<T>> decoder, Function<Flux<T>, Flux<ByteBuffer>> encoder) {
    this.decoder = decoder;
    this.encoder = encoder;
  }

  /**
   * UTF-8 lines of at most {@link LineOptions#DEFAULT_MAX_LINE_LENGTH} bytes.
   *
   * @return the line framing
   * @see #lines(LineOptions)
   */
  public static TcpFraming<String> lines() {
    return lines(LineOptions.defaults());
  }

  /**
   * Lines, as {@link Lines#decoder(LineOptions)} reads them (ended by {@code \n} or {@code \r\n}; a
   * last line without terminator is emitted at the end of input) and {@link
   * Lines#encoder(java.nio.charset.Charset)} writes them (each followed by {@code \n}).
   *
   * @param options charset and {@code maxLineLength}; a longer inbound line fails the stream with
   *     {@link io.sluice.codec.LineTooLongException}
   * @return the line framing
   */
  public static TcpFraming<String> lines(LineOptions options) {
    Objects.requireNonNull(options, "options");
    return new TcpFraming<>(Lines.decoder(options), Lines.encoder(options.charset()));
  }

  /**
   * Frames preceded by a 4-byte big-endian length, of at most {@link
   * LengthPrefixOptions#DEFAULT_MAX_FRAME_LENGTH} bytes.
   *
   * @return the length-prefixed framing
   * @see #lengthPrefixed(LengthPrefixOptions)
   */
  public static TcpFraming<ByteBuffer> lengthPrefixed() {
    return lengthPrefixed(LengthPrefixOptions.defaults());
  }

  /**
   * Length-prefixed frames, as {@link LengthPrefixed} reads and writes them. Inbound payloads
   * arrive as owned buffers; input that ends inside a frame fails with {@link
   * java.io.EOFException}.
   *
   * @param options prefix length, byte order and {@code maxFrameLength}; a frame declaring more
   *     fails the stream with {@link io.sluice.codec.FrameTooLongException} before its payload is
   *     read
   * @return the length-prefixed framing
   */
  public static TcpFraming<ByteBuffer> lengthPrefixed(LengthPrefixOptions options) {
    Objects.requireNonNull(options, "options");
    return new TcpFraming<>(LengthPrefixed.decoder(options), LengthPrefixed.encoder(options));
  }

  /**
   * A framing made of any decoder and encoder, such as other {@code reactive-codec} transformers.
   *
   * @param decoder turns inbound chunks into messages; requesting n messages should read only the
   *     chunks they need
   * @param encoder turns outbound messages into chunks
   * @param <T> the message type
   * @return the framing
   */
  public static <T> TcpFraming<T> of(
      Function<Flux<ByteBuffer>, Flux<T>> decoder, Function<Flux<T>, Flux<ByteBuffer>> encoder) {
    Objects.requireNonNull(decoder, "decoder");
    Objects.requireNonNull(encoder, "encoder");
    return new TcpFraming<>(decoder, encoder);
  }

  /**
   * Returns the decoder.
   *
   * @return a transformer from owned chunks to messages
   */
  public Function<Flux<ByteBuffer>, Flux<T>> decoder() {
    return decoder;
  }

  /**
   * Returns the encoder.
   *
   * @return a transformer from messages to chunks
   */
  public Function<Flux<T>, Flux<ByteBuffer>> encoder() {
    return encoder;
  }
}
