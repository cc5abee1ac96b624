package io.sluice.test.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

class DatabaseLifecycleTests {

  private static final AtomicReference<PostgresDatabase> SEEN = new AtomicReference<>();

  @Test
  void databaseIsDroppedAfterItsClassEvenWithAConnectionLeftOpen() {
    EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(LeavesAConnectionOpen.class))
        .execute()
        .testEvents()
        .assertStatistics(stats -> stats.succeeded(1).failed(0));

    PostgresDatabase used = SEEN.get();
    assertThat(used).isNotNull();
    R2dbcProbe maintenance =
        new R2dbcProbe(
            new PostgresDatabase(
                used.server(), used.server().maintenanceDatabase(), used.embedded()));
    assertThat(
            maintenance.strings(
                "select count(*) from pg_database where datname = '" + used.name() + "'"))
        .containsExactly("0");
  }

  @Test
  void namesAreUniqueAndValidIdentifiers() {
    String first = PostgresDatabaseExtension.databaseName(getClass());
    String second = PostgresDatabaseExtension.databaseName(getClass());

    assertThat(first).isNotEqualTo(second).matches("sluice_databaselifecycletests_[0-9a-f]{8}");
  }

  /** Run only through the engine test kit above. */
  @PostgresTest
  static class LeavesAConnectionOpen {
    @Test
    void usesTheDatabase(PostgresDatabase database) throws Exception {
      SEEN.set(database);
      // Left open on purpose: the drop must still succeed.
      java.sql.Connection connection = java.sql.DriverManager.getConnection(database.jdbcUrl());
      assertThat(connection.isValid(1)).isTrue();
    }
  }
}
