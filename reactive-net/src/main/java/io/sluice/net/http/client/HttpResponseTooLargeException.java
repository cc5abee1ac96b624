package io.sluice.net.http.client;

/**
 * A response exceeded one of the client's size limits: the whole body ({@code maxResponseSize}) or
 * one server-sent event ({@code maxEventSize}). The response is abandoned and its connection
 * closed; nothing is truncated.
 */
public final class HttpResponseTooLargeException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String uri;
  private final String limit;
  private final long maxBytes;

  /**
   * Creates the exception.
   *
   * @param uri the request URI
   * @param limit the name of the exceeded setting, such as {@code "maxResponseSize"}
   * @param maxBytes the value of that setting
   */
  public HttpResponseTooLargeException(String uri, String limit, long maxBytes) {
    super(
        "The response of "
            + uri
            + " exceeds "
            + limit
            + " of "
            + maxBytes
            + " bytes; raise "
            + limit
            + " or stream the body");
    this.uri = uri;
    this.limit = limit;
    this.maxBytes = maxBytes;
  }

  /**
   * Returns the request URI.
   *
   * @return the absolute URI
   */
  public String uri() {
    return uri;
  }

  /**
   * Returns the name of the exceeded setting.
   *
   * @return {@code "maxResponseSize"} or {@code "maxEventSize"}
   */
  public String limit() {
    return limit;
  }

  /**
   * Returns the value of the exceeded setting.
   *
   * @return bytes
   */
  public long maxBytes() {
    return maxBytes;
  }
}
