package io.sluice.demo;

import io.sluice.db.Database;
import io.sluice.db.DatabaseOptions;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;

/**
 * Creates the demo's database on its server when it does not exist yet, connecting to the {@code
 * postgres} maintenance database as the configured user (who needs {@code CREATEDB}).
 */
final class DatabaseBootstrap {

  private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

  private DatabaseBootstrap() {}

  /**
   * Creates the database named in the options if it is missing.
   *
   * @param options where the database should be
   * @return completes once it exists; fails if the server cannot be reached or the name is not a
   *     plain identifier
   */
  static Mono<Void> createIfMissing(DatabaseOptions options) {
    String name = options.database();
    if (!SAFE_NAME.matcher(name).matches()) {
      return Mono.error(
          new IllegalArgumentException(
              "The database name '"
                  + name
                  + "' is not a plain identifier; create it yourself or pick another"));
    }
    return Mono.usingWhen(
        Mono.fromSupplier(
            () ->
                Database.create(
                    options.toBuilder()
                        .database("postgres")
                        .poolSize(1)
                        .poolName("sluice-demo-bootstrap")
                        .eventLoopThreads(1)
                        .build())),
        admin ->
            admin
                .sql("select count(*) from pg_database where datname = $1")
                .bind(name)
                .map(Long.class)
                .one()
                .flatMap(
                    count ->
                        count > 0
                            ? Mono.empty()
                            : admin.sql("create database \"" + name + "\"").rowsUpdated())
                .then(),
        Database::close);
  }
}
