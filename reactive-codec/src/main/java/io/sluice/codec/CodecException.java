package io.sluice.codec;

import org.jspecify.annotations.Nullable;

/**
 * A failure of one of Sluice's codecs: input that cannot be decoded, or a record longer than the
 * configured limit. Each subclass carries the position where decoding failed.
 *
 * <p>Codecs deliver these through {@code onError} (or, in the tolerant NDJSON decoder, inside a
 * {@link NdjsonLine.Rejected}); they are never thrown from {@code subscribe}.
 */
public abstract sealed class CodecException extends RuntimeException
    permits LineTooLongException,
        MalformedTextException,
        FrameTooLongException,
        NdjsonException,
        CsvException {

  private static final long serialVersionUID = 1L;

  CodecException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
