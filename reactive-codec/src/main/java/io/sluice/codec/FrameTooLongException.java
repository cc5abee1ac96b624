package io.sluice.codec;

/**
 * A frame (a delimited record, a length-prefixed message or a CSV record) was longer than the
 * configured maximum. The decoder fails as soon as the limit is known to be passed, without
 * buffering the frame.
 */
public final class FrameTooLongException extends CodecException {

  private static final long serialVersionUID = 1L;

  private final long frameNumber;
  private final long byteOffset;
  private final long frameLength;
  private final int maxFrameLength;

  /**
   * Creates the exception.
   *
   * @param frameNumber the 1-based number of the frame that was too long
   * @param byteOffset the offset in the input of the first byte of that frame
   * @param frameLength the declared length of the frame, or -1 when it is not known (delimited
   *     frames)
   * @param maxFrameLength the limit, in bytes, that the frame exceeded
   */
  public FrameTooLongException(
      long frameNumber, long byteOffset, long frameLength, int maxFrameLength) {
    super(
        "Frame "
            + frameNumber
            + " (starting at byte "
            + byteOffset
            + ")"
            + (frameLength >= 0 ? " declares " + frameLength + " bytes, which" : "")
            + " exceeds maxFrameLength="
            + maxFrameLength
            + " bytes",
        null);
    this.frameNumber = frameNumber;
    this.byteOffset = byteOffset;
    this.frameLength = frameLength;
    this.maxFrameLength = maxFrameLength;
  }

  /**
   * The frame that was too long.
   *
   * @return its 1-based number
   */
  public long frameNumber() {
    return frameNumber;
  }

  /**
   * Where the frame starts.
   *
   * @return the offset of its first byte in the input
   */
  public long byteOffset() {
    return byteOffset;
  }

  /**
   * The declared length, for length-prefixed frames.
   *
   * @return the length the frame announced, or -1 when unknown
   */
  public long frameLength() {
    return frameLength;
  }

  /**
   * The limit that was exceeded.
   *
   * @return the maximum frame length in bytes
   */
  public int maxFrameLength() {
    return maxFrameLength;
  }
}
