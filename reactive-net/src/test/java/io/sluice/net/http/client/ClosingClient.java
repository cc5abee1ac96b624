package io.sluice.net.http.client;

import java.time.Duration;

/** Closes a client at the end of a try-with-resources block. */
record ClosingClient(HttpClient client) implements AutoCloseable {
  @Override
  public void close() {
    client.close().block(Duration.ofSeconds(5));
  }
}
