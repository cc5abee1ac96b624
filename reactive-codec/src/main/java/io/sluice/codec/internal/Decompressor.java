package io.sluice.codec.internal;

import java.io.EOFException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.SynchronousSink;

/**
 * Decompresses gzip (RFC 1952, several members allowed) or zlib-wrapped deflate (RFC 1950), one
 * output chunk per step, so that output is produced only on demand however much a chunk expands.
 * Checks the gzip header, CRC-32 and length. Steps, finish and dispose are serialized, so dispose
 * waits for a step running on another thread.
 */
final class Decompressor {

  private enum State {
    HEADER,
    BODY,
    TRAILER,
    MEMBER_END,
    DONE
  }

  private final boolean gzip;
  private final int chunkSize;
  private final Inflater inflater;
  private final CRC32 crc = new CRC32();
  private final GzipHeader header = new GzipHeader();
  private final byte[] trailer = new byte[8];
  private int trailerFilled;
  private State state;
  private ByteBuffer current = ByteBuffer.allocate(0);
  private long inputOffset;
  private boolean disposed;

  Decompressor(boolean gzip, int chunkSize) {
    this.gzip = gzip;
    this.chunkSize = chunkSize;
    this.inflater = new Inflater(gzip);
    this.state = gzip ? State.HEADER : State.BODY;
  }

  /** Starts on the next input chunk; the previous one has been used up. */
  synchronized void input(ByteBuffer chunk) {
    current = chunk.duplicate();
  }

  /** Emits the next output chunk, or completes the sink once the input chunk is used up. */
  synchronized void step(SynchronousSink<ByteBuffer> sink) {
    if (disposed) {
      sink.complete();
      return;
    }
    try {
      ByteBuffer out = next();
      if (out == null) {
        sink.complete();
      } else {
        sink.next(out);
      }
    } catch (ZipException e) {
      sink.error(e);
    } catch (DataFormatException e) {
      ZipException error =
          new ZipException(
              "Invalid " + format() + " data near byte " + inputOffset + ": " + e.getMessage());
      error.initCause(e);
      sink.error(error);
    }
  }

  /** Checks, at the end of input, that the compressed stream was complete. */
  synchronized void finish() throws EOFException {
    boolean complete = gzip ? state == State.MEMBER_END : state == State.DONE;
    if (!complete && !disposed) {
      throw new EOFException(
          "Unexpected end of "
              + format()
              + " input after "
              + inputOffset
              + " bytes: the compressed stream is truncated");
    }
  }

  synchronized void dispose() {
    disposed = true;
    inflater.end();
  }

  private String format() {
    return gzip ? "gzip" : "deflate";
  }

  private @Nullable ByteBuffer next() throws ZipException, DataFormatException {
    while (true) {
      switch (state) {
        case HEADER -> {
          int before = current.position();
          boolean complete = header.read(current, inputOffset);
          inputOffset += current.position() - before;
          if (!complete) {
            return null;
          }
          header.reset();
          inflater.reset();
          crc.reset();
          state = State.BODY;
        }
        case BODY -> {
          if (inflater.needsInput()) {
            if (!current.hasRemaining()) {
              return null;
            }
            inflater.setInput(current);
          }
          ByteBuffer out = ByteBuffer.allocate(chunkSize);
          int before = current.position();
          int produced = inflater.inflate(out);
          inputOffset += current.position() - before;
          if (inflater.finished()) {
            state = gzip ? State.TRAILER : State.DONE;
          } else if (inflater.needsDictionary()) {
            throw new ZipException("Invalid deflate data: a preset dictionary is required");
          } else if (produced == 0 && !inflater.needsInput()) {
            throw new ZipException("Invalid " + format() + " data near byte " + inputOffset);
          }
          if (produced > 0) {
            crc.update(out.array(), 0, produced);
            return out.flip();
          }
        }
        case TRAILER -> {
          if (!readTrailer()) {
            return null;
          }
          state = State.MEMBER_END;
        }
        case MEMBER_END -> {
          if (!current.hasRemaining()) {
            return null;
          }
          state = State.HEADER;
        }
        case DONE -> {
          if (current.hasRemaining()) {
            throw new ZipException(
                "Invalid deflate data: unexpected bytes after the end of the stream at byte "
                    + inputOffset);
          }
          return null;
        }
      }
    }
  }

  private boolean readTrailer() throws ZipException {
    while (trailerFilled < trailer.length && current.hasRemaining()) {
      trailer[trailerFilled++] = current.get();
      inputOffset++;
    }
    if (trailerFilled < trailer.length) {
      return false;
    }
    trailerFilled = 0;
    if (littleEndian(0) != crc.getValue()) {
      throw new ZipException("Corrupt GZIP trailer: CRC-32 mismatch before byte " + inputOffset);
    }
    if (littleEndian(4) != (inflater.getBytesWritten() & 0xFFFFFFFFL)) {
      throw new ZipException("Corrupt GZIP trailer: length mismatch before byte " + inputOffset);
    }
    return true;
  }

  private long littleEndian(int from) {
    return (trailer[from] & 0xFFL)
        | (trailer[from + 1] & 0xFFL) << 8
        | (trailer[from + 2] & 0xFFL) << 16
        | (trailer[from + 3] & 0xFFL) << 24;
  }
}
