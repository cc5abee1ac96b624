package io.sluice.net.http.client;

/** An HTTP protocol version the client may speak. */
public enum HttpVersion {
  /** HTTP/1.1, over plain text or TLS. */
  HTTP_1_1,
  /** HTTP/2 over TLS, negotiated with ALPN. */
  H2,
  /** HTTP/2 over plain text, with prior knowledge or an upgrade from HTTP/1.1. */
  H2C
}
