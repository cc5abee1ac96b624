package io.sluice.test.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

@PostgresTest
class PostgresDatabaseExtensionTests {

  private final R2dbcProbe probe;

  PostgresDatabaseExtensionTests(PostgresDatabase database) {
    this.probe = new R2dbcProbe(database);
  }

  @Test
  void databaseIsRealAndFreshForThisClass(PostgresDatabase database) {
    assertThat(probe.strings("select current_database()")).containsExactly(database.name());
    assertThat(database.name()).startsWith("sluice_postgresdatabaseextensiontests_");
  }

  @Test
  void tableCreatedHereIsInsertedIntoAndReadBackThroughR2dbc() {
    probe.execute(
        "create table shared_name (id int primary key, label text not null)",
        "insert into shared_name values (1, 'one'), (2, 'two')");

    assertThat(probe.strings("select label from shared_name order by id"))
        .containsExactly("one", "two");
  }
}
