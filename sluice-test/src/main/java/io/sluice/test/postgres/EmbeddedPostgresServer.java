package io.sluice.test.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The embedded PostgreSQL server that stands in when no configured server is reachable. */
final class EmbeddedPostgresServer implements AutoCloseable {

  private final EmbeddedPostgres postgres;
  private final PostgresServer server;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
    this.postgres = postgres;
    this.server =
        new PostgresServer(
            PostgresServer.DEFAULT_HOST, postgres.getPort(), "postgres", "", "postgres");
  }

  /** Extracts the binaries (once per machine), runs initdb and starts the server on a free port. */
  static EmbeddedPostgresServer start() {
    try {
      return new EmbeddedPostgresServer(EmbeddedPostgres.builder().start());
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to start embedded PostgreSQL", e);
    }
  }

  PostgresServer server() {
    return server;
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
