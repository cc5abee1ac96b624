package io.sluice.bench.contract;

/**
 * An {@code /ingest} body line that is not a JSON object with 32-bit integer {@code id} and {@code
 * randomNumber}; nothing of the request is inserted.
 */
final class MalformedLineException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final long line;
  private final String reason;
  private final String detail;

  MalformedLineException(long line, String reason) {
    this(line, reason, "line " + line + ": " + reason);
  }

  private MalformedLineException(long line, String reason, String detail) {
    super(detail, null, false, false);
    this.line = line;
    this.reason = reason;
    this.detail = detail;
  }

  /** The 1-based number of the offending line, counting blank lines. */
  long line() {
    return line;
  }

  /** What is wrong with the line, such as {@code not a JSON object}. */
  String reason() {
    return reason;
  }

  /**
   * The {@code application/problem+json} body describing this error, with a {@code line} member.
   */
  Problem problem() {
    return new Problem("about:blank", "Malformed NDJSON line", 400, detail, line);
  }

  /** An RFC 9457 problem detail with the line number as an extension member. */
  record Problem(String type, String title, int status, String detail, long line) {}
}
