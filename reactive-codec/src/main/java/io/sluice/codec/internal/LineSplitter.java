package io.sluice.codec.internal;

import io.sluice.codec.LineTooLongException;

/**
 * Splits a byte stream into lines at line feeds, dropping the carriage return of a CRLF pair. Lines
 * inside a chunk are handed over as views of the chunk's array; only a line spanning chunks is
 * copied, and never more than {@code maxLineLength} bytes plus one chunk are held.
 *
 * <p>An over-long line either fails with {@link LineTooLongException} or, in skipping mode, is
 * dropped as it streams by and reported once its end is seen. Not thread-safe.
 */
final class LineSplitter {

  /** Receives the lines. */
  interface Handler {

    /** A complete line, terminator excluded; the bytes are valid only during the call. */
    void line(byte[] bytes, int offset, int length, long lineNumber, long byteOffset);

    /** In skipping mode, a line that was longer than the limit and was dropped. */
    void tooLong(LineTooLongException error);
  }

  private final int width;
  private final byte lineFeed;
  private final byte carriageReturn;
  private final byte[] lineFeedUnit;
  private final byte[] carriageReturnUnit;
  private final int maxLineLength;
  private final boolean skipTooLong;
  private final ByteAccumulator partial = new ByteAccumulator();

  private long lineNumber = 1;
  private long lineStart;
  private long offset;
  private boolean discarding;
  // Multi-byte code units only: where scanning resumes in the partial line, always unit-aligned.
  private int scanFrom;

  LineSplitter(LineEncoding encoding, int maxLineLength, boolean skipTooLong, long startOffset) {
    this.width = encoding.width();
    this.lineFeedUnit = encoding.lineFeed();
    this.carriageReturnUnit = encoding.carriageReturn();
    this.lineFeed = lineFeedUnit[0];
    this.carriageReturn = carriageReturnUnit[0];
    this.maxLineLength = maxLineLength;
    this.skipTooLong = skipTooLong;
    if (skipTooLong && width != 1) {
      throw new IllegalArgumentException("skipping over-long lines needs a 1-byte code unit");
    }
    this.offset = startOffset;
    this.lineStart = startOffset;
  }

  /** Skips bytes at the very start of the input (a byte order mark); offsets stay the input's. */
  void skipBytes(int count) {
    offset += count;
    lineStart += count;
  }

  void feed(ByteSlice chunk, Handler handler) {
    if (width == 1) {
      feedSingleByteUnits(chunk.array(), chunk.offset(), chunk.end(), handler);
    } else {
      feedMultiByteUnits(chunk, handler);
    }
    offset += chunk.length();
  }

  /** Hands over the last line if the input did not end with a line feed. */
  void finish(Handler handler) {
    if (discarding) {
      discarding = false;
      handler.tooLong(new LineTooLongException(lineNumber++, lineStart, maxLineLength));
      return;
    }
    if (!partial.isEmpty()) {
      int length = partial.length();
      if (length > maxLineLength) {
        partial.clear();
        tooLong(handler);
        return;
      }
      handler.line(partial.array(), 0, length, lineNumber++, lineStart);
      partial.clear();
    }
  }

  private void feedSingleByteUnits(byte[] bytes, int from, int end, Handler handler) {
    long base = offset - from; // the input offset of bytes[i] is base + i
    int start = from;
    while (start < end) {
      int lf = indexOf(bytes, lineFeed, start, end);
      if (lf < 0) {
        buffer(bytes, start, end - start, handler);
        return;
      }
      long number = lineNumber++;
      long startOfLine = lineStart;
      lineStart = base + lf + 1;
      int segmentFrom = start;
      start = lf + 1;
      if (discarding) {
        discarding = false;
        handler.tooLong(new LineTooLongException(number, startOfLine, maxLineLength));
        continue;
      }
      byte[] line;
      int lineFrom;
      int lineTo;
      if (partial.isEmpty()) {
        line = bytes;
        lineFrom = segmentFrom;
        lineTo = lf;
      } else {
        partial.append(bytes, segmentFrom, lf - segmentFrom);
        line = partial.array();
        lineFrom = 0;
        lineTo = partial.length();
      }
      if (lineTo > lineFrom && line[lineTo - 1] == carriageReturn) {
        lineTo--;
      }
      int length = lineTo - lineFrom;
      if (length > maxLineLength) {
        partial.clear();
        tooLongAt(number, startOfLine, handler);
        continue;
      }
      handler.line(line, lineFrom, length, number, startOfLine);
      partial.clear();
    }
  }

  private void feedMultiByteUnits(ByteSlice chunk, Handler handler) {
    partial.append(chunk);
    byte[] bytes = partial.array();
    int length = partial.length();
    int lineFrom = 0;
    int pos = scanFrom;
    while (pos + width <= length) {
      if (unitAt(bytes, pos, lineFeedUnit)) {
        int lineTo = pos;
        if (lineTo - width >= lineFrom && unitAt(bytes, lineTo - width, carriageReturnUnit)) {
          lineTo -= width;
        }
        long number = lineNumber++;
        long startOfLine = lineStart;
        lineStart += pos + width - lineFrom;
        if (lineTo - lineFrom > maxLineLength) {
          tooLongAt(number, startOfLine, handler);
        } else {
          handler.line(bytes, lineFrom, lineTo - lineFrom, number, startOfLine);
        }
        lineFrom = pos + width;
      }
      pos += width;
    }
    partial.discardFront(lineFrom);
    scanFrom = pos - lineFrom;
    if (partial.length() > maxLineLength + width) {
      tooLongAt(lineNumber, lineStart, handler);
    }
  }

  private void buffer(byte[] bytes, int from, int count, Handler handler) {
    if (discarding) {
      return;
    }
    if (partial.length() + count > maxLineLength + width) {
      partial.clear();
      if (skipTooLong) {
        discarding = true;
        return;
      }
      tooLong(handler);
      return;
    }
    partial.append(bytes, from, count);
  }

  private void tooLong(Handler handler) {
    tooLongAt(lineNumber, lineStart, handler);
  }

  private void tooLongAt(long number, long startOfLine, Handler handler) {
    LineTooLongException error = new LineTooLongException(number, startOfLine, maxLineLength);
    if (!skipTooLong) {
      throw error;
    }
    handler.tooLong(error);
  }

  private static boolean unitAt(byte[] bytes, int pos, byte[] unit) {
    for (int i = 0; i < unit.length; i++) {
      if (bytes[pos + i] != unit[i]) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] bytes, byte value, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == value) {
        return i;
      }
    }
    return -1;
  }
}
