package io.sluice.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.test.postgres.PostgresDatabase;
import io.sluice.test.postgres.PostgresTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.netty.resources.LoopResources;
import reactor.test.StepVerifier;

@PostgresTest
class DatabaseTests {

  @Test
  void connectionsRunOnTheDatabasesOwnEventLoops(PostgresDatabase postgres) {
    Database db = TestDatabases.open(postgres, b -> b.poolName("orders-db"));
    try {
      StepVerifier.create(db.sql("select 1").map(row -> Thread.currentThread().getName()).one())
          .assertNext(thread -> assertThat(thread).startsWith("orders-db-"))
          .verifyComplete();
    } finally {
      db.close().block(TestDatabases.TIMEOUT);
    }
  }

  @Test
  void connectionsRunOnInjectedEventLoopsWhichCloseDoesNotDispose(PostgresDatabase postgres) {
    LoopResources loops = LoopResources.create("injected", 1, true);
    Database db = TestDatabases.open(postgres, b -> b.loopResources(loops));
    try {
      StepVerifier.create(db.sql("select 1").map(row -> Thread.currentThread().getName()).one())
          .assertNext(thread -> assertThat(thread).startsWith("injected-"))
          .verifyComplete();
      db.close().block(TestDatabases.TIMEOUT);
      assertThat(loops.isDisposed()).isFalse();
    } finally {
      loops.disposeLater().block(TestDatabases.TIMEOUT);
    }
  }

  @Test
  void connectionsReportTheApplicationName(PostgresDatabase postgres) {
    Database db = TestDatabases.open(postgres, b -> b.applicationName("billing"));
    try {
      StepVerifier.create(
              db.sql("select current_setting('application_name')").map(String.class).one())
          .expectNext("billing")
          .verifyComplete();
    } finally {
      db.close().block(TestDatabases.TIMEOUT);
    }
  }

  @Test
  void poolGaugesFollowTheConnectionsInUse(PostgresDatabase postgres) {
    Database db = TestDatabases.open(postgres, b -> b.poolSize(3).poolName("metered"));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    DatabaseMeters.of(db).bindTo(registry);
    try {
      StepVerifier.create(
              db.sql("select i from generate_series(1, 100) i").map(Integer.class).all(), 0)
          .thenRequest(1)
          .expectNext(1)
          .then(
              () -> {
                assertThat(gauge(registry, "acquired")).isEqualTo(1.0);
                assertThat(gauge(registry, "max")).isEqualTo(3.0);
              })
          .thenCancel()
          .verify(TestDatabases.TIMEOUT);
      TestDatabases.awaitPoolIdle(db);
      assertThat(gauge(registry, "acquired")).isZero();
      assertThat(gauge(registry, "idle")).isEqualTo(1.0);
      assertThat(gauge(registry, "pending")).isZero();
    } finally {
      db.close().block(TestDatabases.TIMEOUT);
    }
  }

  @Test
  void migrationsRunOnceFromTheClasspath(PostgresDatabase postgres) {
    Database db = TestDatabases.open(postgres);
    try {
      StepVerifier.create(db.migrate()).expectNext(2).verifyComplete();
      StepVerifier.create(db.migrate("classpath:db/migration")).expectNext(0).verifyComplete();
      StepVerifier.create(db.sql("select count(*) from stations").map(Long.class).one())
          .expectNext(2L)
          .verifyComplete();
    } finally {
      db.close().block(TestDatabases.TIMEOUT);
    }
  }

  @Test
  void urlsAndOptionsAreParsedAndValidated() {
    DatabaseOptions options =
        DatabaseOptions.fromUrl("postgresql://app:s3cret@db.example:6543/shop?applicationName=web")
            .build();
    assertThat(options.host()).isEqualTo("db.example");
    assertThat(options.port()).isEqualTo(6543);
    assertThat(options.database()).isEqualTo("shop");
    assertThat(options.user()).isEqualTo("app");
    assertThat(options.password()).isEqualTo("s3cret");
    assertThat(options.applicationName()).isEqualTo("web");
    assertThat(options.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6543/shop");
    assertThat(options.toString()).doesNotContain("s3cret");

    assertThatThrownBy(() -> DatabaseOptions.fromUrl("mysql://x:y@h/db"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("url must start with");
    assertThatThrownBy(() -> DatabaseOptions.fromUrl("postgresql://h/db?sslmode=require"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("url option 'sslmode' is not supported");
    assertThatThrownBy(() -> DatabaseOptions.builder().poolSize(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("poolSize must be >= 1, was 0");
    assertThatThrownBy(() -> DatabaseOptions.builder().acquireTimeout(Duration.ZERO))
        .hasMessage("acquireTimeout must be positive, was PT0S");
    assertThatThrownBy(() -> DatabaseOptions.builder().minFetchSize(50).maxFetchSize(10).build())
        .hasMessage("minFetchSize must be <= maxFetchSize, was 50 > 10");
  }

  private static double gauge(SimpleMeterRegistry registry, String name) {
    return registry.get("sluice.db.pool." + name).tag("pool", "metered").gauge().value();
  }
}
