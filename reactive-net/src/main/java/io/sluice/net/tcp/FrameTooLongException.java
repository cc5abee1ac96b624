package io.sluice.net.tcp;

/**
 * A frame received on a TCP connection was longer than the framing allows. The connection's inbound
 * stream fails with it; nothing of the frame is emitted.
 */
public final class FrameTooLongException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String framing;
  private final long maxLength;
  private final long length;

  /**
   * Creates the exception.
   *
   * @param framing the framing that rejected the frame, such as {@code "lines"}
   * @param maxLength the largest allowed frame in bytes
   * @param length the declared length, or the bytes seen before giving up
   */
  public FrameTooLongException(String framing, long maxLength, long length) {
    super(
        "A "
            + framing
            + " frame of "
            + (framing.equals("lines") ? "at least " : "")
            + length
            + " bytes exceeds the maximum of "
            + maxLength
            + " bytes; raise the maximum or fix the peer");
    this.framing = framing;
    this.maxLength = maxLength;
    this.length = length;
  }

  /**
   * Returns the framing that rejected the frame.
   *
   * @return {@code "lines"} or {@code "length-prefixed"} for the built-in framings
   */
  public String framing() {
    return framing;
  }

  /**
   * Returns the largest allowed frame.
   *
   * @return bytes
   */
  public long maxLength() {
    return maxLength;
  }

  /**
   * Returns the declared length of the frame, or for lines the bytes seen before giving up.
   *
   * @return bytes
   */
  public long length() {
    return length;
  }
}
