package io.sluice.bench.contract;

import org.jspecify.annotations.Nullable;

/** The endpoints of the benchmark contract, with the path and the one method each accepts. */
enum Endpoint {
  PLAINTEXT("/plaintext", "GET"),
  JSON("/json", "GET"),
  DB("/db", "GET"),
  QUERIES("/queries", "GET"),
  UPDATES("/updates", "GET"),
  FORTUNES("/fortunes", "GET"),
  STREAM("/stream", "GET"),
  INGEST("/ingest", "POST");

  private final String path;
  private final String method;

  Endpoint(String path, String method) {
    this.path = path;
    this.method = method;
  }

  /** The request path, such as {@code /db}. */
  String path() {
    return path;
  }

  /** The HTTP method the endpoint accepts; others get {@code 405}. */
  String method() {
    return method;
  }

  /** The endpoint at a request path (without query), or {@code null} for none ({@code 404}). */
  static @Nullable Endpoint forPath(String path) {
    for (Endpoint endpoint : values()) {
      if (endpoint.path.equals(path)) {
        return endpoint;
      }
    }
    return null;
  }
}
