package io.sluice.codec;

import java.util.Objects;
import tools.jackson.dataformat.csv.CsvMapper;

/**
 * How CSV is read and written: separator, quote character, header row, record limit and the Jackson
 * CSV mapper. Immutable; each {@code with...} method returns a copy.
 *
 * <p>Defaults (RFC 4180): comma-separated, fields quoted with {@code "} (a quote inside a quoted
 * field is doubled), a header row, records of at most {@value #DEFAULT_MAX_RECORD_LENGTH} bytes,
 * {@link CsvMapper#shared()}.
 */
public final class CsvOptions {

  /** The default largest record in bytes: 1 MiB. */
  public static final int DEFAULT_MAX_RECORD_LENGTH = 1 << 20;

  private static final CsvOptions DEFAULTS =
      new CsvOptions(',', '"', true, DEFAULT_MAX_RECORD_LENGTH, CsvMapper.shared());

  private final char separator;
  private final char quoteChar;
  private final boolean header;
  private final int maxRecordLength;
  private final CsvMapper mapper;

  private CsvOptions(
      char separator, char quoteChar, boolean header, int maxRecordLength, CsvMapper mapper) {
    this.separator = separator;
    this.quoteChar = quoteChar;
    this.header = header;
    this.maxRecordLength = maxRecordLength;
    this.mapper = mapper;
  }

  /**
   * The default options.
   *
   * @return RFC 4180 with a header row, 1 MiB records at most
   */
  public static CsvOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Sets the field separator. Default {@code ','}.
   *
   * @param separator an ASCII character other than the quote, CR and LF
   * @return a copy with the separator set
   * @throws IllegalArgumentException for a non-ASCII character, CR, LF or the quote character
   */
  public CsvOptions withSeparator(char separator) {
    checkSyntaxChar("separator", separator);
    if (separator == quoteChar) {
      throw new IllegalArgumentException(
          "separator must differ from quoteChar, both were '" + separator + "'");
    }
    return new CsvOptions(separator, quoteChar, header, maxRecordLength, mapper);
  }

  /**
   * Sets the quote character. Default {@code '"'}.
   *
   * @param quoteChar an ASCII character other than the separator, CR and LF
   * @return a copy with the quote character set
   * @throws IllegalArgumentException for a non-ASCII character, CR, LF or the separator
   */
  public CsvOptions withQuoteChar(char quoteChar) {
    checkSyntaxChar("quoteChar", quoteChar);
    if (separator == quoteChar) {
      throw new IllegalArgumentException(
          "quoteChar must differ from separator, both were '" + quoteChar + "'");
    }
    return new CsvOptions(separator, quoteChar, header, maxRecordLength, mapper);
  }

  /**
   * Sets whether the first record is a header naming the columns. Typed decoders then bind columns
   * to properties by name, and typed encoders write the header first; without a header, columns
   * follow the type's property order. Row decoders and encoders ignore it: the header is just the
   * first row. Default {@code true}.
   *
   * @param header {@code true} if there is a header row
   * @return a copy with the setting changed
   */
  public CsvOptions withHeader(boolean header) {
    return new CsvOptions(separator, quoteChar, header, maxRecordLength, mapper);
  }

  /**
   * Sets the largest record, in bytes. A decoder fails with {@link FrameTooLongException} as soon
   * as a record passes it, so at most this many bytes plus one chunk are buffered. Default {@value
   * #DEFAULT_MAX_RECORD_LENGTH}.
   *
   * @param maxRecordLength the limit in bytes, at least 1
   * @return a copy with the limit set
   * @throws IllegalArgumentException if {@code maxRecordLength < 1}
   */
  public CsvOptions withMaxRecordLength(int maxRecordLength) {
    if (maxRecordLength < 1) {
      throw new IllegalArgumentException("maxRecordLength must be >= 1, was " + maxRecordLength);
    }
    return new CsvOptions(separator, quoteChar, header, maxRecordLength, mapper);
  }

  /**
   * Sets the Jackson CSV mapper that binds records to types, with its modules and features. Default
   * {@link CsvMapper#shared()}.
   *
   * @param mapper a CSV mapper
   * @return a copy with the mapper set
   */
  public CsvOptions withMapper(CsvMapper mapper) {
    Objects.requireNonNull(mapper, "mapper");
    return new CsvOptions(separator, quoteChar, header, maxRecordLength, mapper);
  }

  /**
   * The field separator.
   *
   * @return the separator
   */
  public char separator() {
    return separator;
  }

  /**
   * The quote character.
   *
   * @return the quote character
   */
  public char quoteChar() {
    return quoteChar;
  }

  /**
   * Whether the first record is a header.
   *
   * @return {@code true} if it is
   */
  public boolean header() {
    return header;
  }

  /**
   * The record limit.
   *
   * @return the largest record in bytes
   */
  public int maxRecordLength() {
    return maxRecordLength;
  }

  /**
   * The mapper.
   *
   * @return the CSV mapper
   */
  public CsvMapper mapper() {
    return mapper;
  }

  private static void checkSyntaxChar(String name, char c) {
    if (c > 0x7F || c == '\n' || c == '\r') {
      throw new IllegalArgumentException(
          name + " must be an ASCII character other than CR and LF, was U+" + (int) c);
    }
  }

  @Override
  public String toString() {
    return "CsvOptions{separator='"
        + separator
        + "', quoteChar='"
        + quoteChar
        + "', header="
        + header
        + ", maxRecordLength="
        + maxRecordLength
        + "}";
  }
}
