package io.sluice.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoConfigTests {

  @Test
  void anEmptyEnvironmentGivesTheDocumentedDefaults() {
    DemoConfig config = DemoConfig.fromEnvironment(Map.of());

    assertThat(config.port()).isEqualTo(8080);
    assertThat(config.databaseUrl())
        .isEqualTo("r2dbc:postgresql://postgres@127.0.0.1:5432/sluice_demo");
    assertThat(config.dbPoolSize()).isEqualTo(10);
    assertThat(config.registryUrl()).isNull();
    assertThat(config.registryTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(config.apiToken()).isEqualTo("demo-token");
    assertThat(config.dataDir()).isEqualTo(Path.of("data"));
    assertThat(config.logFormat()).isEqualTo(DemoConfig.LogFormat.JSON);
    assertThat(config.maxUploadSize()).isEqualTo(1L << 30);
  }

  @Test
  void everyVariableIsRead() {
    DemoConfig config =
        DemoConfig.fromEnvironment(
            Map.of(
                "PORT", "0",
                "DATABASE_URL", "postgresql://app:secret@db:5433/hub",
                "DB_POOL_SIZE", "3",
                "REGISTRY_URL", "http://registry:9000",
                "REGISTRY_TIMEOUT", "2s",
                "API_TOKEN", "s3cret",
                "DATA_DIR", "/var/hub",
                "LOG_FORMAT", "TEXT",
                "MAX_UPLOAD_SIZE", "1024"));

    assertThat(config)
        .isEqualTo(
            new DemoConfig(
                0,
                "postgresql://app:secret@db:5433/hub",
                3,
                "http://registry:9000",
                Duration.ofSeconds(2),
                "s3cret",
                Path.of("/var/hub"),
                DemoConfig.LogFormat.TEXT,
                1024));
  }

  @Test
  void durationsTakeMillisecondsSecondsOrIso() {
    assertThat(DemoConfig.fromEnvironment(Map.of("REGISTRY_TIMEOUT", "250ms")).registryTimeout())
        .isEqualTo(Duration.ofMillis(250));
    assertThat(DemoConfig.fromEnvironment(Map.of("REGISTRY_TIMEOUT", "PT1.5S")).registryTimeout())
        .isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void aMalformedValueIsRejectedNamingTheVariableAndValue() {
    assertThatThrownBy(() -> DemoConfig.fromEnvironment(Map.of("PORT", "eighty")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PORT")
        .hasMessageContaining("eighty");
    assertThatThrownBy(() -> DemoConfig.fromEnvironment(Map.of("PORT", "70000")))
        .hasMessageContaining("PORT");
    assertThatThrownBy(() -> DemoConfig.fromEnvironment(Map.of("DB_POOL_SIZE", "0")))
        .hasMessageContaining("DB_POOL_SIZE");
    assertThatThrownBy(() -> DemoConfig.fromEnvironment(Map.of("LOG_FORMAT", "xml")))
        .hasMessageContaining("LOG_FORMAT");
    assertThatThrownBy(() -> DemoConfig.fromEnvironment(Map.of("REGISTRY_TIMEOUT", "soon")))
        .hasMessageContaining("REGISTRY_TIMEOUT");
  }

  @Test
  void toStringHidesTheTokenAndTheDatabasePassword() {
    DemoConfig config =
        DemoConfig.fromEnvironment(
            Map.of("API_TOKEN", "s3cret", "DATABASE_URL", "postgresql://app:hunter2@db/hub"));

    assertThat(config.toString()).doesNotContain("s3cret").doesNotContain("hunter2");
  }
}
