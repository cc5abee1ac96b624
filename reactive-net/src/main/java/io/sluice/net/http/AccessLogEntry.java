package io.sluice.net.http;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One line of the access log: a request and how it was answered, given to the access-log sink once
 * the response has been written (or the connection dropped).
 *
 * @param start when the request head arrived
 * @param remoteAddress the client's address, if known
 * @param method the request method
 * @param uri the request target as sent
 * @param protocol the protocol, for example {@code HTTP/1.1}
 * @param status the response status
 * @param bytesSent the body bytes written, -1 if unknown (a file sent by the kernel counts its
 *     length)
 * @param duration from the request head to the end of the response
 * @param completed whether the response was written completely (false if the client left or the
 *     body failed)
 */
public record AccessLogEntry(
    Instant start,
    @Nullable InetSocketAddress remoteAddress,
    String method,
    String uri,
    String protocol,
    int status,
    long bytesSent,
    Duration duration,
    boolean completed) {

  /**
   * Formats the entry like the Common Log Format, with the duration in milliseconds appended.
   *
   * @return for example {@code 127.0.0.1 - - [2024-01-01T10:00:00Z] "GET / HTTP/1.1" 200 13 2ms}
   */
  @Override
  public String toString() {
    return (remoteAddress == null ? "-" : remoteAddress.getAddress().getHostAddress())
        + " - - ["
        + start
        + "] \""
        + method
        + " "
        + uri
        + " "
        + protocol
        + "\" "
        + status
        + " "
        + (bytesSent < 0 ? "-" : Long.toString(bytesSent))
        + " "
        + duration.toMillis()
        + "ms"
        + (completed ? "" : " incomplete");
  }
}
