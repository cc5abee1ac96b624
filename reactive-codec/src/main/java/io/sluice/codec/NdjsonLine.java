package io.sluice.codec;

/**
 * The outcome of decoding one line with the tolerant NDJSON decoder ({@link
 * Ndjson#tolerantDecoder(Class)}): either the value it held or the reason it was rejected. Blank
 * lines produce neither.
 *
 * @param <T> the type of the decoded values
 */
public sealed interface NdjsonLine<T> {

  /**
   * Which line this is.
   *
   * @return its 1-based number in the input
   */
  long lineNumber();

  /**
   * A line that held a valid value.
   *
   * @param lineNumber the 1-based line number
   * @param value the decoded value, never null
   * @param <T> the type of the value
   */
  record Accepted<T>(long lineNumber, T value) implements NdjsonLine<T> {}

  /**
   * A line that was rejected; decoding went on with the next line.
   *
   * @param lineNumber the 1-based line number
   * @param error why: an {@link NdjsonException}, or a {@link LineTooLongException} when the line
   *     was longer than the limit (its bytes were skipped, not buffered)
   * @param <T> the type the line should have held
   */
  record Rejected<T>(long lineNumber, CodecException error) implements NdjsonLine<T> {}
}
