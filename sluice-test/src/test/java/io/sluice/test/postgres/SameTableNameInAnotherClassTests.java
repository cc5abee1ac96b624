package io.sluice.test.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Creates the table {@link PostgresDatabaseExtensionTests} creates, with no {@code if not exists}:
 * whichever class runs first, the other would fail here if the two shared a database.
 */
@PostgresTest
class SameTableNameInAnotherClassTests {

  @Test
  void sameTableNameDoesNotClashWithAnotherClass(PostgresDatabase database) {
    R2dbcProbe probe = new R2dbcProbe(database);

    probe.execute("create table shared_name (id int primary key, label text not null)");

    assertThat(probe.strings("select count(*) from shared_name")).containsExactly("0");
    assertThat(probe.strings("select current_database()")).containsExactly(database.name());
  }
}
