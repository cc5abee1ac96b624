package io.sluice.net.internal;

import java.io.EOFException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

/**
 * Splits chunks into frames that each start with a 4-byte big-endian unsigned length of the payload
 * that follows. One splitter belongs to one subscription.
 *
 * <p>A declared length above {@code maxFrameLength} fails with the exception made by {@code
 * tooLong} before any of the payload is buffered. Input that ends inside a frame fails with {@link
 * EOFException}.
 */
public final class LengthPrefixSplitter {

  /** The size of the length prefix in bytes. */
  public static final int PREFIX_LENGTH = 4;

  private final int maxFrameLength;
  private final LongFunction<? extends RuntimeException> tooLong;
  private final ByteBuffer prefix = ByteBuffer.allocate(PREFIX_LENGTH);
  private @Nullable ByteBuffer frame;
  private @Nullable RuntimeException failure;

  /**
   * Creates a splitter.
   *
   * @param maxFrameLength the largest payload in bytes
   * @param tooLong makes the error for a larger declared payload from its length
   */
  public LengthPrefixSplitter(
      int maxFrameLength, LongFunction<? extends RuntimeException> tooLong) {
    this.maxFrameLength = maxFrameLength;
    this.tooLong = tooLong;
  }

  /**
   * Splits a flux of chunks into a flux of payloads. Requests one chunk at a time.
   *
   * @param chunks owned chunks
   * @param maxFrameLength the largest payload in bytes
   * @param tooLong makes the error for a larger declared payload
   * @return the payloads, each an owned buffer
   */
  public static Flux<ByteBuffer> split(
      Flux<ByteBuffer> chunks,
      int maxFrameLength,
      LongFunction<? extends RuntimeException> tooLong) {
    return Flux.defer(
        () -> {
          LengthPrefixSplitter splitter = new LengthPrefixSplitter(maxFrameLength, tooLong);
          return chunks
              .concatMap(
                  chunk -> LineSplitter.emit(splitter.feed(chunk), splitter.takeFailure()), 1)
              .concatWith(Flux.defer(splitter::finish));
        });
  }

  /**
   * Encodes a payload with its length prefix.
   *
   * @param payload the payload; its remaining bytes are copied
   * @return a new buffer holding prefix and payload
   */
  public static ByteBuffer encode(ByteBuffer payload) {
    ByteBuffer out = ByteBuffer.allocate(PREFIX_LENGTH + payload.remaining());
    out.putInt(payload.remaining());
    out.put(payload.duplicate());
    out.flip();
    return out;
  }

  /**
   * Returns and forgets the failure met by the last {@link #feed}, if any; once failed, the
   * splitter must not be fed again.
   *
   * @return the failure, or {@code null}
   */
  public @Nullable RuntimeException takeFailure() {
    RuntimeException f = failure;
    failure = null;
    return f;
  }

  /**
   * Consumes a chunk and returns the payloads it completes. A frame declaring too large a length
   * stops the consumption; the frames before it are returned and {@link #takeFailure()} returns the
   * error.
   *
   * @param chunk the next bytes; fully consumed
   * @return complete payloads, possibly none
   */
  public List<ByteBuffer> feed(ByteBuffer chunk) {
    List<ByteBuffer> frames = List.of();
    while (chunk.hasRemaining()) {
      ByteBuffer current = frame;
      if (current == null) {
        while (prefix.hasRemaining() && chunk.hasRemaining()) {
          prefix.put(chunk.get());
        }
        if (prefix.hasRemaining()) {
          break;
        }
        long declared = Integer.toUnsignedLong(prefix.getInt(0));
        prefix.clear();
        if (declared > maxFrameLength) {
          failure = tooLong.apply(declared);
          break;
        }
        current = ByteBuffer.allocate((int) declared);
        frame = current;
      }
      int n = Math.min(current.remaining(), chunk.remaining());
      ByteBuffer slice = chunk.slice();
      slice.limit(n);
      current.put(slice);
      chunk.position(chunk.position() + n);
      if (!current.hasRemaining()) {
        current.flip();
        if (frames.isEmpty()) {
          frames = new ArrayList<>(4);
        }
        frames.add(current);
        frame = null;
      }
    }
    return frames;
  }

  private Flux<ByteBuffer> finish() {
    if (frame != null || prefix.position() > 0) {
      return Flux.error(new EOFException("The input ended inside a length-prefixed frame"));
    }
    return Flux.empty();
  }
}
