package io.sluice.codec.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.util.Arrays;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * How a charset with a fixed byte order encodes line feed, carriage return and the byte order mark:
 * each is one code unit of {@link #width()} bytes.
 */
public final class LineEncoding {

  private final Charset charset;
  private final byte[] lineFeed;
  private final byte[] carriageReturn;
  private final byte[] byteOrderMark;

  private LineEncoding(
      Charset charset, byte[] lineFeed, byte[] carriageReturn, byte[] byteOrderMark) {
    this.charset = charset;
    this.lineFeed = lineFeed;
    this.carriageReturn = carriageReturn;
    this.byteOrderMark = byteOrderMark;
  }

  /**
   * The encodings a decoder of {@code charset} may meet: one, or two for the charsets whose byte
   * order is read from a byte order mark (UTF-16 and UTF-32).
   *
   * @param charset the charset to decode
   * @return the candidates
   * @throws IllegalArgumentException if lines cannot be split in that charset
   */
  public static Candidates candidates(Charset charset) {
    String name = charset.name().toUpperCase(Locale.ROOT);
    return switch (name) {
      case "UTF-16" ->
          new Candidates(of(Charset.forName("UTF-16BE")), of(Charset.forName("UTF-16LE")));
      case "UTF-32" ->
          new Candidates(of(Charset.forName("UTF-32BE")), of(Charset.forName("UTF-32LE")));
      case "X-UTF-16LE-BOM" -> new Candidates(of(Charset.forName("UTF-16LE")), null);
      case "X-UTF-32BE-BOM" -> new Candidates(of(Charset.forName("UTF-32BE")), null);
      case "X-UTF-32LE-BOM" -> new Candidates(of(Charset.forName("UTF-32LE")), null);
      default -> new Candidates(of(charset), null);
    };
  }

  static LineEncoding of(Charset charset) {
    byte[] lf = encode(charset, "\n");
    byte[] lf2 = encode(charset, "\n\n");
    byte[] cr = encode(charset, "\r");
    int width = lf2.length - lf.length;
    if (width != lf.length || cr.length != width || (width != 1 && width != 2 && width != 4)) {
      throw new IllegalArgumentException(
          "charset="
              + charset.name()
              + " is not supported for line splitting: line feed and carriage return must each"
              + " encode to one code unit of 1, 2 or 4 bytes");
    }
    byte[] bom = new byte[0];
    CharsetEncoder encoder = charset.newEncoder();
    if (encoder.canEncode('\uFEFF') && charset.name().toUpperCase(Locale.ROOT).startsWith("UTF")) {
      bom = encode(charset, "\uFEFF");
    }
    return new LineEncoding(charset, lf, cr, bom);
  }

  private static byte[] encode(Charset charset, String text) {
    try {
      ByteBuffer encoded = charset.newEncoder().encode(CharBuffer.wrap(text));
      byte[] bytes = new byte[encoded.remaining()];
      encoded.get(bytes);
      return bytes;
    } catch (CharacterCodingException | UnsupportedOperationException e) {
      throw new IllegalArgumentException(
          "charset=" + charset.name() + " cannot encode line terminators", e);
    }
  }

  /** The charset, with a fixed byte order. */
  public Charset charset() {
    return charset;
  }

  int width() {
    return lineFeed.length;
  }

  byte[] lineFeed() {
    return lineFeed;
  }

  byte[] carriageReturn() {
    return carriageReturn;
  }

  byte[] byteOrderMark() {
    return byteOrderMark;
  }

  @Override
  public String toString() {
    return charset.name() + Arrays.toString(lineFeed);
  }

  /**
   * The one or two encodings a decoder chooses from.
   *
   * @param primary the encoding used when no byte order mark says otherwise
   * @param alternative the other byte order, for charsets that read it from a byte order mark
   */
  public record Candidates(LineEncoding primary, @Nullable LineEncoding alternative) {

    /** The byte order marks to look for at the start of the input. */
    byte[][] marks(boolean skipBom) {
      LineEncoding alt = alternative;
      if (alt != null) {
        return new byte[][] {primary.byteOrderMark(), alt.byteOrderMark()};
      }
      return skipBom ? new byte[][] {primary.byteOrderMark()} : new byte[0][];
    }

    /**
     * Chooses the encoding from the first bytes of the input.
     *
     * @return the chosen encoding and how many leading bytes to skip
     */
    Choice choose(byte[] head, boolean skipBom) {
      LineEncoding alt = alternative;
      if (alt != null) {
        // Test the longer mark first: FF FE 00 00 (UTF-32LE) starts with FF FE.
        if (Preamble.startsWith(head, alt.byteOrderMark())) {
          return new Choice(alt, alt.byteOrderMark().length);
        }
        if (Preamble.startsWith(head, primary.byteOrderMark())) {
          return new Choice(primary, primary.byteOrderMark().length);
        }
        return new Choice(primary, 0);
      }
      if (skipBom && Preamble.startsWith(head, primary.byteOrderMark())) {
        return new Choice(primary, primary.byteOrderMark().length);
      }
      return new Choice(primary, 0);
    }
  }

  record Choice(LineEncoding encoding, int skip) {}
}
