package io.sluice.db.internal;

import io.sluice.db.DatabaseOptions;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Runs Flyway through JDBC. Blocking: call it on a scheduler that allows blocking. Flyway types are
 * only loaded when this class is, so the dependency stays optional.
 */
public final class FlywayMigrations {

  private FlywayMigrations() {}

  /** Applies pending migrations; returns how many were applied. */
  public static int migrate(DatabaseOptions options, String[] locations) {
    try {
      return run(options, locations);
    } catch (NoClassDefFoundError e) {
      throw new IllegalStateException(
          "Database.migrate needs org.flywaydb:flyway-core, org.flywaydb:flyway-database-postgresql"
              + " and org.postgresql:postgresql on the class path",
          e);
    }
  }

  private static int run(DatabaseOptions options, String[] locations) {
    MigrateResult result =
        Flyway.configure(FlywayMigrations.class.getClassLoader())
            .dataSource(options.jdbcUrl(), options.user(), options.password())
            .locations(locations)
            .failOnMissingLocations(true)
            .load()
            .migrate();
    return result.migrationsExecuted;
  }
}
