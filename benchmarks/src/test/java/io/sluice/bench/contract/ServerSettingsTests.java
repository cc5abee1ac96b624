package io.sluice.bench.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerSettingsTests {

  @Test
  void defaultsToTheContractsEnvironment() {
    ServerSettings settings = ServerSettings.fromEnvironment(Map.of());

    assertThat(settings.port()).isEqualTo(8080);
    assertThat(settings.dbPool()).isEqualTo(8);
    assertThat(settings.pgUser()).isEqualTo("postgres");
    assertThat(settings.pgPassword()).isEmpty();
    assertThat(settings.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/bench");
  }

  @Test
  void readsEveryVariable() {
    ServerSettings settings =
        ServerSettings.fromEnvironment(
            Map.of(
                "PORT", "0",
                "PGHOST", "db",
                "PGPORT", "6543",
                "PGUSER", "u",
                "PGPASSWORD", "p",
                "PGDATABASE", "d",
                "DB_POOL", " 3 "));

    assertThat(settings.port()).isZero();
    assertThat(settings.dbPool()).isEqualTo(3);
    assertThat(settings.pgPassword()).isEqualTo("p");
    assertThat(settings.jdbcUrl()).isEqualTo("jdbc:postgresql://db:6543/d");
  }

  @Test
  void namesTheVariableAndValueThatAreWrong() {
    assertThatThrownBy(() -> ServerSettings.fromEnvironment(Map.of("DB_POOL", "many")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("DB_POOL must be a whole number in [1, 1000] but was 'many'");
    assertThatThrownBy(() -> ServerSettings.fromEnvironment(Map.of("PORT", "70000")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("PORT must be in [0, 65535] but was 70000");
  }
}
