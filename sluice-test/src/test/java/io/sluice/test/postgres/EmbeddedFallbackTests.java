package io.sluice.test.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmbeddedFallbackTests {

  @RegisterExtension
  static final PostgresDatabaseExtension POSTGRES =
      PostgresDatabaseExtension.forServer(PostgresServer.fromEnvironment().withPort(closedPort()));

  @Test
  void closedPortFallsBackToEmbeddedPostgresAndTheDatabaseWorks(PostgresDatabase database) {
    R2dbcProbe probe = new R2dbcProbe(database);
    probe.execute(
        "create table shared_name (id int primary key, label text not null)",
        "insert into shared_name values (1, 'embedded')");

    assertThat(database.embedded()).isTrue();
    assertThat(probe.strings("select label from shared_name")).containsExactly("embedded");
    assertThat(probe.strings("select current_database()")).containsExactly(database.name());
  }

  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
