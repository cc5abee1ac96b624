package io.sluice.codec;

/** What a text decoder does with bytes that are not valid in its charset. */
public enum MalformedInputAction {
  /**
   * Fail the stream with a {@link MalformedTextException} giving the byte offset of the first bad
   * byte. The default.
   */
  REPORT,
  /** Replace each malformed sequence with U+FFFD (the replacement character) and go on. */
  REPLACE
}
