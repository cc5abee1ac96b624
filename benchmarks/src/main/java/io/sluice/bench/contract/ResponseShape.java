package io.sluice.bench.contract;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * What every response of the contract carries: the expected status, {@code Server}, a current
 * {@code Date} (RFC 1123), the expected {@code Content-Type}, and {@code Content-Length} or chunked
 * transfer coding.
 */
final class ResponseShape {

  /** How far {@code Date} may be from the checker's clock (it may be cached for a second). */
  private static final Duration DATE_TOLERANCE = Duration.ofSeconds(5);

  private ResponseShape() {}

  /**
   * Throws a {@link ContractViolation} naming the request unless the head has the status, the
   * content type (compared case-insensitively, parameters included when given) and the common
   * headers.
   */
  static void require(HttpProbe.Head head, int status, String contentType, String request) {
    ContractViolation.require(
        head.status() == status,
        () -> request + ": status " + head.status() + ", expected " + status);
    String server = head.header("server");
    ContractViolation.require(
        server != null && !server.isBlank(), () -> request + ": no Server header");
    String date = head.header("date");
    ContractViolation.require(date != null, () -> request + ": no Date header");
    Instant sent;
    try {
      sent = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      throw new ContractViolation(request + ": Date '" + date + "' is not RFC 1123");
    }
    Duration skew = Duration.between(sent, head.received()).abs();
    ContractViolation.require(
        skew.compareTo(DATE_TOLERANCE) <= 0,
        () ->
            request
                + ": Date '"
                + date
                + "' is "
                + skew.toSeconds()
                + " s from when the response arrived");
    String type = head.header("content-type");
    ContractViolation.require(
        type != null
            && type.toLowerCase(Locale.ROOT)
                .replace(" ", "")
                .startsWith(contentType.replace(" ", "")),
        () -> request + ": Content-Type '" + type + "', expected '" + contentType + "'");
    ContractViolation.require(
        head.isChunked() || head.header("content-length") != null,
        () -> request + ": neither Content-Length nor chunked transfer coding");
  }
}
