package io.sluice.bench.contract;

import java.util.Arrays;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns an {@code /ingest} body, fed chunk by chunk as it arrives, into the text format of {@code
 * COPY ingest (id, randomnumber) FROM STDIN}: one {@code id\trandomNumber\n} row per line.
 *
 * <p>Each line must be a JSON object with 32-bit integer {@code id} and {@code randomNumber}; other
 * keys are ignored, blank lines are skipped (and counted), {@code \r\n} endings are accepted and a
 * last line without a newline is taken at {@link #finish()}. Anything else throws {@link
 * MalformedLineException} naming the line. Only an unfinished line is kept between chunks, at most
 * {@value #MAX_LINE_LENGTH} bytes; the body is never held.
 *
 * <p>One decoder per request; not thread-safe.
 */
final class IngestDecoder {

  /** The longest line accepted, in bytes; a longer one is malformed. */
  static final int MAX_LINE_LENGTH = 64 * 1024;

  private static final ObjectReader LINE_READER =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build().reader();

  private byte[] pending = new byte[256];
  private int pendingLength;
  private long lineNumber;
  private long rows;
  private byte[] out = new byte[1024];
  private int outLength;

  /**
   * Decodes the complete lines of a chunk, keeping its unfinished last line for the next chunk.
   *
   * @return the COPY rows of those lines, possibly empty; the array is the caller's
   * @throws MalformedLineException at the first malformed line
   */
  byte[] decode(byte[] bytes, int offset, int length) {
    int end = offset + length;
    int start = offset;
    for (int i = offset; i < end; i++) {
      if (bytes[i] == '\n') {
        if (pendingLength > 0) {
          keep(bytes, start, i - start);
          line(pending, 0, pendingLength);
          pendingLength = 0;
        } else {
          line(bytes, start, i - start);
        }
        start = i + 1;
      }
    }
    keep(bytes, start, end - start);
    return takeOutput();
  }

  /**
   * Decodes the last line if the body did not end with a newline.
   *
   * @return its COPY row, or an empty array
   * @throws MalformedLineException if that line is malformed
   */
  byte[] finish() {
    if (pendingLength > 0) {
      line(pending, 0, pendingLength);
      pendingLength = 0;
    }
    return takeOutput();
  }

  /** The number of rows decoded so far. */
  long rows() {
    return rows;
  }

  private void keep(byte[] bytes, int offset, int length) {
    if (length == 0) {
      return;
    }
    if (pendingLength + length > MAX_LINE_LENGTH) {
      throw new MalformedLineException(lineNumber + 1, "longer than " + MAX_LINE_LENGTH + " bytes");
    }
    if (pendingLength + length > pending.length) {
      pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + length));
    }
    System.arraycopy(bytes, offset, pending, pendingLength, length);
    pendingLength += length;
  }

  private void line(byte[] bytes, int offset, int length) {
    lineNumber++;
    int end = offset + length;
    if (end > offset && bytes[end - 1] == '\r') {
      end--;
    }
    if (end - offset > MAX_LINE_LENGTH) {
      throw new MalformedLineException(lineNumber, "longer than " + MAX_LINE_LENGTH + " bytes");
    }
    if (isBlank(bytes, offset, end)) {
      return;
    }
    JsonNode node;
    try {
      node = LINE_READER.readTree(bytes, offset, end - offset);
    } catch (JacksonException e) {
      String problem = String.valueOf(e.getOriginalMessage());
      throw new MalformedLineException(
          lineNumber, "not valid JSON: " + problem.substring(0, Math.min(problem.length(), 200)));
    }
    if (node == null || !node.isObject()) {
      throw new MalformedLineException(lineNumber, "not a JSON object");
    }
    int id = integer(node, "id");
    int randomNumber = integer(node, "randomNumber");
    appendNumber(id);
    appendByte('\t');
    appendNumber(randomNumber);
    appendByte('\n');
    rows++;
  }

  private int integer(JsonNode object, String name) {
    JsonNode value = object.get(name);
    if (value == null || !value.isInt()) {
      throw new MalformedLineException(
          lineNumber, "'" + name + "' missing or not a 32-bit integer");
    }
    return value.intValue();
  }

  private static boolean isBlank(byte[] bytes, int offset, int end) {
    for (int i = offset; i < end; i++) {
      if (bytes[i] != ' ' && bytes[i] != '\t') {
        return false;
      }
    }
    return true;
  }

  private void appendNumber(int value) {
    String digits = Integer.toString(value);
    ensureOutput(digits.length());
    for (int i = 0; i < digits.length(); i++) {
      out[outLength++] = (byte) digits.charAt(i);
    }
  }

  private void appendByte(char c) {
    ensureOutput(1);
    out[outLength++] = (byte) c;
  }

  private void ensureOutput(int more) {
    if (outLength + more > out.length) {
      out = Arrays.copyOf(out, Math.max(out.length * 2, outLength + more));
    }
  }

  private byte[] takeOutput() {
    byte[] rows = Arrays.copyOf(out, outLength);
    outLength = 0;
    return rows;
  }
}
