package io.sluice.codec.internal;

import io.sluice.codec.MalformedInputAction;
import io.sluice.codec.MalformedTextException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnmappableCharacterException;

/**
 * Decodes the bytes of one line into a String, strictly or replacing malformed input.
 *
 * <p>UTF-8, US-ASCII and ISO-8859-1 take the JDK's String constructors, which are much faster than
 * a CharsetDecoder; in strict mode a line whose result holds U+FFFD is decoded again strictly to
 * tell a malformed sequence from a real U+FFFD. Not thread-safe.
 */
final class TextDecoder {

  private final Charset charset;
  private final boolean strict;
  private final boolean fastPath;
  private final CharsetDecoder decoder;
  private CharBuffer chars = CharBuffer.allocate(256);

  TextDecoder(Charset charset, MalformedInputAction action) {
    this.charset = charset;
    this.strict = action == MalformedInputAction.REPORT;
    this.fastPath =
        charset.equals(StandardCharsets.UTF_8)
            || charset.equals(StandardCharsets.US_ASCII)
            || charset.equals(StandardCharsets.ISO_8859_1);
    CodingErrorAction coding = strict ? CodingErrorAction.REPORT : CodingErrorAction.REPLACE;
    this.decoder = charset.newDecoder().onMalformedInput(coding).onUnmappableCharacter(coding);
  }

  String decode(byte[] bytes, int offset, int length, long lineNumber, long byteOffset) {
    if (fastPath) {
      String text = new String(bytes, offset, length, charset);
      if (!strict || text.indexOf('\uFFFD') < 0) {
        return text;
      }
    }
    return decodeWithDecoder(bytes, offset, length, lineNumber, byteOffset);
  }

  private String decodeWithDecoder(
      byte[] bytes, int offset, int length, long lineNumber, long byteOffset) {
    ByteBuffer in = ByteBuffer.wrap(bytes, offset, length);
    int capacity =
        (int) Math.min(Integer.MAX_VALUE - 8L, (long) (length * decoder.maxCharsPerByte()) + 16);
    if (chars.capacity() < capacity) {
      chars = CharBuffer.allocate(capacity);
    }
    chars.clear();
    decoder.reset();
    CoderResult result = decoder.decode(in, chars, true);
    if (!result.isError()) {
      result = decoder.flush(chars);
    }
    if (result.isError()) {
      long at = byteOffset + (in.position() - offset);
      CharacterCodingException cause =
          result.isMalformed()
              ? new MalformedInputException(result.length())
              : new UnmappableCharacterException(result.length());
      throw new MalformedTextException(charset, lineNumber, at, result.length(), cause);
    }
    chars.flip();
    return chars.toString();
  }
}
