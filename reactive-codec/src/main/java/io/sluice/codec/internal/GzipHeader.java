package io.sluice.codec.internal;

import java.nio.ByteBuffer;
import java.util.zip.Deflater;
import java.util.zip.ZipException;

/** Reads a gzip member header (RFC 1952 section 2.3) byte by byte, across any chunk boundaries. */
final class GzipHeader {

  private enum Field {
    FIXED,
    EXTRA_LENGTH,
    EXTRA,
    NAME,
    COMMENT,
    HEADER_CRC,
    DONE
  }

  private static final int FHCRC = 0x02;
  private static final int FEXTRA = 0x04;
  private static final int FNAME = 0x08;
  private static final int FCOMMENT = 0x10;
  private static final int MAX_LENGTH = 64 * 1024;

  private Field field = Field.FIXED;
  private int flags;
  private int filled;
  private int remaining;
  private int length;

  /**
   * Consumes header bytes from {@code input}, leaving it just after the header once complete.
   *
   * @param offset the input offset of {@code input}'s position, for error messages
   * @return {@code true} when the header is complete
   */
  boolean read(ByteBuffer input, long offset) throws ZipException {
    long at = offset;
    while (field != Field.DONE && input.hasRemaining()) {
      int b = input.get() & 0xFF;
      if (++length > MAX_LENGTH) {
        throw new ZipException("Invalid gzip data: header longer than " + MAX_LENGTH + " bytes");
      }
      switch (field) {
        case FIXED -> {
          if ((filled == 0 && b != 0x1f) || (filled == 1 && b != 0x8b)) {
            throw new ZipException("Not in GZIP format: bad magic number at byte " + at);
          }
          if (filled == 2 && b != Deflater.DEFLATED) {
            throw new ZipException("Unsupported gzip compression method " + b + " at byte " + at);
          }
          if (filled == 3) {
            flags = b;
          }
          if (++filled == 10) {
            field = after(Field.FIXED);
          }
        }
        case EXTRA_LENGTH -> {
          remaining |= b << (8 * filled);
          if (++filled == 2) {
            field = remaining > 0 ? Field.EXTRA : after(Field.EXTRA);
          }
        }
        case EXTRA -> {
          if (--remaining == 0) {
            field = after(Field.EXTRA);
          }
        }
        case NAME, COMMENT -> {
          if (b == 0) {
            field = after(field);
          }
        }
        case HEADER_CRC -> {
          if (++filled == 2) {
            field = after(Field.HEADER_CRC);
          }
        }
        case DONE -> throw new IllegalStateException("header already read");
      }
      at++;
    }
    return field == Field.DONE;
  }

  /** Prepares for the header of the next member. */
  void reset() {
    field = Field.FIXED;
    flags = 0;
    filled = 0;
    remaining = 0;
    length = 0;
  }

  /** The next field present in this header after {@code done}. */
  private Field after(Field done) {
    filled = 0;
    remaining = 0;
    Field next = done;
    if (next == Field.FIXED) {
      if ((flags & FEXTRA) != 0) {
        return Field.EXTRA_LENGTH;
      }
      next = Field.EXTRA;
    }
    if (next == Field.EXTRA_LENGTH || next == Field.EXTRA) {
      if ((flags & FNAME) != 0) {
        return Field.NAME;
      }
      next = Field.NAME;
    }
    if (next == Field.NAME) {
      if ((flags & FCOMMENT) != 0) {
        return Field.COMMENT;
      }
      next = Field.COMMENT;
    }
    if (next == Field.COMMENT && (flags & FHCRC) != 0) {
      return Field.HEADER_CRC;
    }
    return Field.DONE;
  }
}
