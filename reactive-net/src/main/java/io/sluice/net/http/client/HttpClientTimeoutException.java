package io.sluice.net.http.client;

import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * A request took longer than one of the client's timeouts. {@link #phase()} tells which: opening
 * the connection, waiting for a pooled connection, or waiting for the response headers.
 */
public final class HttpClientTimeoutException extends HttpTimeoutException {

  private static final long serialVersionUID = 1L;

  /** The part of the exchange that timed out. */
  public enum Phase {
    /** Establishing the TCP (and TLS) connection: {@code connectTimeout}. */
    CONNECT,
    /** Waiting for a connection from the full pool: {@code pendingAcquireTimeout}. */
    POOL_ACQUIRE,
    /** Waiting for the response headers once the request was sent: {@code responseTimeout}. */
    RESPONSE
  }

  private final Phase phase;
  private final Duration timeout;
  private final String method;
  private final String uri;

  /**
   * Creates the exception.
   *
   * @param phase what timed out
   * @param timeout the timeout that elapsed
   * @param method the request method
   * @param uri the request URI
   */
  public HttpClientTimeoutException(Phase phase, Duration timeout, String method, String uri) {
    super(
        method
            + " "
            + uri
            + ": "
            + switch (phase) {
              case CONNECT -> "no connection within the connectTimeout of ";
              case POOL_ACQUIRE -> "no pooled connection free within the pendingAcquireTimeout of ";
              case RESPONSE -> "no response within the responseTimeout of ";
            }
            + timeout.toMillis()
            + " ms");
    this.phase = phase;
    this.timeout = timeout;
    this.method = method;
    this.uri = uri;
  }

  /**
   * Returns what timed out.
   *
   * @return the phase
   */
  public Phase phase() {
    return phase;
  }

  /**
   * Returns the timeout that elapsed.
   *
   * @return the timeout
   */
  public Duration timeout() {
    return timeout;
  }

  /**
   * Returns the request method.
   *
   * @return the method
   */
  public String method() {
    return method;
  }

  /**
   * Returns the request URI.
   *
   * @return the absolute URI
   */
  public String uri() {
    return uri;
  }
}
