package io.sluice.net.tcp;

import io.sluice.net.internal.LengthPrefixSplitter;
import io.sluice.net.internal.LineSplitter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Function;
import reactor.core.publisher.Flux;

/**
 * How messages are cut out of, and put into, the byte stream of a TCP connection.
 *
 * <p>{@link #decode} turns the owned chunks read from the socket into messages; {@link #encode}
 * turns one outbound message into bytes. The built-in framings bound every frame: a longer one
 * fails the inbound stream with {@link FrameTooLongException}, never truncates it.
 *
 * @param <T> the message type
 */
public interface TcpFraming<T> {

  /** The default {@code maxLineLength} of {@link #lines()}: 64 KiB. */
  int DEFAULT_MAX_LINE_LENGTH = 64 * 1024;

  /** The default {@code maxFrameLength} of {@link #lengthPrefixed()}: 1 MiB. */
  int DEFAULT_MAX_FRAME_LENGTH = 1024 * 1024;

  /**
   * Decodes owned chunks into messages.
   *
   * @param chunks the bytes read from the connection
   * @return the messages; requesting n messages reads only as many chunks as they need
   */
  Flux<T> decode(Flux<ByteBuffer> chunks);

  /**
   * Encodes one message.
   *
   * @param message the message
   * @return its bytes, owned by the caller
   */
  ByteBuffer encode(T message);

  /**
   * UTF-8 lines of at most {@value #DEFAULT_MAX_LINE_LENGTH} bytes.
   *
   * @return the line framing
   * @see #lines(int)
   */
  static TcpFraming<String> lines() {
    return lines(DEFAULT_MAX_LINE_LENGTH);
  }

  /**
   * UTF-8 lines: inbound lines end with {@code \n}, {@code \r\n} or {@code \r} (not part of the
   * message, and a last line without terminator is emitted at the end of input); each outbound
   * message is written followed by {@code \n}.
   *
   * @param maxLineLength the longest inbound line in bytes without terminator, at least 1; a longer
   *     one fails the stream with {@link FrameTooLongException}
   * @return the line framing
   * @throws IllegalArgumentException if {@code maxLineLength < 1}
   */
  static TcpFraming<String> lines(int maxLineLength) {
    if (maxLineLength < 1) {
      throw new IllegalArgumentException(
          "maxLineLength must be at least 1, but was " + maxLineLength);
    }
    return of(
        chunks ->
            LineSplitter.split(
                chunks,
                maxLineLength,
                seen -> new FrameTooLongException("lines", maxLineLength, seen)),
        line -> {
          byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
          ByteBuffer out = ByteBuffer.allocate(bytes.length + 1);
          out.put(bytes).put((byte) '\n').flip();
          return out;
        });
  }

  /**
   * Length-prefixed frames of at most {@value #DEFAULT_MAX_FRAME_LENGTH} bytes.
   *
   * @return the length-prefixed framing
   * @see #lengthPrefixed(int)
   */
  static TcpFraming<ByteBuffer> lengthPrefixed() {
    return lengthPrefixed(DEFAULT_MAX_FRAME_LENGTH);
  }

  /**
   * Frames preceded by their payload length as a 4-byte big-endian unsigned integer. Inbound
   * payloads arrive as owned buffers; input that ends inside a frame fails with {@link
   * java.io.EOFException}.
   *
   * @param maxFrameLength the largest inbound payload in bytes, at least 0; a frame declaring more
   *     fails the stream with {@link FrameTooLongException} before its payload is read
   * @return the length-prefixed framing
   * @throws IllegalArgumentException if {@code maxFrameLength < 0}
   */
  static TcpFraming<ByteBuffer> lengthPrefixed(int maxFrameLength) {
    if (maxFrameLength < 0) {
      throw new IllegalArgumentException(
          "maxFrameLength must not be negative, but was " + maxFrameLength);
    }
    return of(
        chunks ->
            LengthPrefixSplitter.split(
                chunks,
                maxFrameLength,
                declared -> new FrameTooLongException("length-prefixed", maxFrameLength, declared)),
        LengthPrefixSplitter::encode);
  }

  /**
   * A framing made of a decoder and an encoder, for instance one of {@code reactive-codec}'s
   * transformers.
   *
   * @param decoder turns chunks into messages
   * @param encoder turns a message into bytes
   * @param <T> the message type
   * @return the framing
   */
  static <T> TcpFraming<T> of(
      Function<Flux<ByteBuffer>, Flux<T>> decoder, Function<T, ByteBuffer> encoder) {
    Objects.requireNonNull(decoder, "decoder");
    Objects.requireNonNull(encoder, "encoder");
    return new TcpFraming<>() {
      @Override
      public Flux<T> decode(Flux<ByteBuffer> chunks) {
        return decoder.apply(chunks);
      }

      @Override
      public ByteBuffer encode(T message) {
        return encoder.apply(message);
      }
    };
  }
}
