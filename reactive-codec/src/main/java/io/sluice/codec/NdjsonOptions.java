package io.sluice.codec;

import java.util.Objects;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * How NDJSON is read and written: the Jackson mapper and the longest accepted line. Immutable; each
 * {@code with...} method returns a copy.
 *
 * <p>Defaults: {@link JsonMapper#shared()}, lines of at most {@value #DEFAULT_MAX_LINE_LENGTH}
 * bytes.
 */
public final class NdjsonOptions {

  /** The default longest line in bytes: 1 MiB. */
  public static final int DEFAULT_MAX_LINE_LENGTH = 1 << 20;

  private static final NdjsonOptions DEFAULTS =
      new NdjsonOptions(JsonMapper.shared(), DEFAULT_MAX_LINE_LENGTH);

  private final ObjectMapper mapper;
  private final int maxLineLength;

  private NdjsonOptions(ObjectMapper mapper, int maxLineLength) {
    this.mapper = mapper;
    this.maxLineLength = maxLineLength;
  }

  /**
   * The default options.
   *
   * @return the shared JSON mapper, 1 MiB lines at most
   */
  public static NdjsonOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Sets the mapper that reads and writes the values, with its modules and features. Trailing
   * tokens after a line's value are always rejected, and output is never indented. Default {@link
   * JsonMapper#shared()}.
   *
   * @param mapper a JSON mapper
   * @return a copy with the mapper set
   */
  public NdjsonOptions withMapper(ObjectMapper mapper) {
    Objects.requireNonNull(mapper, "mapper");
    return new NdjsonOptions(mapper, maxLineLength);
  }

  /**
   * Sets the longest accepted line in bytes, line terminator excluded. The strict decoder fails
   * with {@link LineTooLongException} as soon as a line passes it; the tolerant decoder skips the
   * line's bytes without buffering them and reports it as rejected. Default {@value
   * #DEFAULT_MAX_LINE_LENGTH}.
   *
   * @param maxLineLength the limit in bytes, at least 1
   * @return a copy with the limit set
   * @throws IllegalArgumentException if {@code maxLineLength < 1}
   */
  public NdjsonOptions withMaxLineLength(int maxLineLength) {
    if (maxLineLength < 1) {
      throw new IllegalArgumentException("maxLineLength must be >= 1, was " + maxLineLength);
    }
    return new NdjsonOptions(mapper, maxLineLength);
  }

  /**
   * The mapper.
   *
   * @return the JSON mapper
   */
  public ObjectMapper mapper() {
    return mapper;
  }

  /**
   * The line limit.
   *
   * @return the longest accepted line in bytes
   */
  public int maxLineLength() {
    return maxLineLength;
  }

  @Override
  public String toString() {
    return "NdjsonOptions{mapper=" + mapper + ", maxLineLength=" + maxLineLength + "}";
  }
}
