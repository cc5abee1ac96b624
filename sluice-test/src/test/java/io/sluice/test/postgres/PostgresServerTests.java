package io.sluice.test.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PostgresServerTests {

  @Test
  void defaultsApplyWhenNothingIsConfigured() {
    assertThat(PostgresServer.fromEnvironment(Map.of(), null))
        .isEqualTo(new PostgresServer("127.0.0.1", 5432, "postgres", "", "test"));
  }

  @Test
  void standardPgVariablesAreRead() {
    Map<String, String> env =
        Map.of(
            "PGHOST",
            "db.local",
            "PGPORT",
            "6543",
            "PGUSER",
            "app",
            "PGPASSWORD",
            "s3cret",
            "PGDATABASE",
            "main");

    assertThat(PostgresServer.fromEnvironment(env, null))
        .isEqualTo(new PostgresServer("db.local", 6543, "app", "s3cret", "main"));
  }

  @Test
  void unixSocketDirectoryInPghostFallsBackToLoopback() {
    assertThat(PostgresServer.fromEnvironment(Map.of("PGHOST", "/var/run/postgresql"), null).host())
        .isEqualTo("127.0.0.1");
  }

  @Test
  void sluiceUrlWinsOverPgVariablesAndPropertyWinsOverEnvironment() {
    Map<String, String> env =
        Map.of("SLUICE_PG_URL", "postgresql://a:b@h1:1111/d1", "PGHOST", "ignored");

    assertThat(PostgresServer.fromEnvironment(env, null))
        .isEqualTo(new PostgresServer("h1", 1111, "a", "b", "d1"));
    assertThat(PostgresServer.fromEnvironment(env, "r2dbc:postgresql://c@h2/d2"))
        .isEqualTo(new PostgresServer("h2", 5432, "c", "", "d2"));
  }

  @Test
  void jdbcUrlWithCredentialsInTheQueryIsParsed() {
    assertThat(PostgresServer.parse("jdbc:postgresql://10.0.0.1:5433/app?user=u&password=p%40ss"))
        .isEqualTo(new PostgresServer("10.0.0.1", 5433, "u", "p@ss", "app"));
  }

  @Test
  void nonPostgresUrlIsRejectedWithTheUrlInTheMessage() {
    assertThatThrownBy(() -> PostgresServer.parse("mysql://localhost/db"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mysql://localhost/db");
  }

  @Test
  void outOfRangePortIsRejected() {
    assertThatThrownBy(() -> new PostgresServer("h", 0, "u", "", "d"))
        .hasMessageContaining("port must be between 1 and 65535, was 0");
  }

  @Test
  void urlsCarryEncodedCredentials() {
    PostgresDatabase database =
        new PostgresDatabase(new PostgresServer("h", 5432, "us er", "p@ss", "m"), "db1", false);

    assertThat(database.r2dbcUrl()).isEqualTo("r2dbc:postgresql://us%20er:p%40ss@h:5432/db1");
    assertThat(database.jdbcUrl())
        .isEqualTo("jdbc:postgresql://h:5432/db1?user=us%20er&password=p%40ss");
  }
}
