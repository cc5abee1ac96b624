package io.sluice.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.test.postgres.PostgresDatabase;
import io.sluice.test.postgres.PostgresTest;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

@PostgresTest
class ErrorTests {

  static Database db;

  @BeforeAll
  static void setUp(PostgresDatabase postgres) {
    db = TestDatabases.open(postgres, b -> b.poolSize(2));
    db.sql(
            "create table parents (id int primary key, email text unique);"
                + " create table children (id int primary key, parent int not null references"
                + " parents (id))")
        .rowsUpdated()
        .block(TestDatabases.TIMEOUT);
  }

  @AfterAll
  static void tearDown() {
    db.close().block(TestDatabases.TIMEOUT);
  }

  @Test
  void invalidSqlIsABadSqlExceptionWithThePosition() {
    StepVerifier.create(
            db.sql("select id frm parents where id = $1").bind(1).map(Integer.class).all())
        .expectErrorSatisfies(
            e -> {
              assertThat(e).isInstanceOf(BadSqlException.class);
              BadSqlException bad = (BadSqlException) e;
              assertThat(bad.getSqlState()).isEqualTo("42601");
              assertThat(bad.position()).isEqualTo(15);
              assertThat(bad.getSql()).isEqualTo("select id frm parents where id = $1");
              assertThat(bad.serverMessage()).isEqualTo("syntax error at or near \"parents\"");
              assertThat(bad.getMessage()).contains("Position 15: select id frm  >>> parents");
            })
        .verify(TestDatabases.TIMEOUT);
  }

  @Test
  void aValueOfTheWrongTypeIsABadSqlException() {
    StepVerifier.create(
            db.sql("select id from parents where id = $1").bind("one").map(Integer.class).all())
        .expectErrorSatisfies(
            e -> {
              assertThat(e).isInstanceOf(BadSqlException.class);
              assertThat(((BadSqlException) e).serverMessage())
                  .contains("operator does not exist: integer = character varying");
              assertThat(((BadSqlException) e).serverError().hint()).contains("type casts");
            })
        .verify(TestDatabases.TIMEOUT);
  }

  @Test
  void aDuplicateKeyIsAUniqueViolationNamingTheConstraint() {
    db.sql("insert into parents values (1, 'a@example.com')")
        .rowsUpdated()
        .block(TestDatabases.TIMEOUT);
    StepVerifier.create(
            db.sql("insert into parents values ($1, $2)").bind(2, "a@example.com").rowsUpdated())
        .expectErrorSatisfies(
            e -> {
              assertThat(e).isInstanceOf(UniqueViolationException.class);
              ServerError error = ((UniqueViolationException) e).serverError();
              assertThat(error.constraint()).isEqualTo("parents_email_key");
              assertThat(error.detail()).contains("(email)=(a@example.com) already exists");
            })
        .verify(TestDatabases.TIMEOUT);
    StepVerifier.create(db.sql("insert into children values (1, 404)").rowsUpdated())
        .expectErrorSatisfies(
            e ->
                assertThat(e)
                    .isInstanceOf(ForeignKeyViolationException.class)
                    .hasMessageContaining("children_parent_fkey"))
        .verify(TestDatabases.TIMEOUT);
    StepVerifier.create(db.sql("insert into children (id) values (2)").rowsUpdated())
        .expectError(IntegrityViolationException.class)
        .verify(TestDatabases.TIMEOUT);
  }

  @Test
  void aStatementOverTheStatementTimeoutIsCanceled(PostgresDatabase postgres) {
    Database impatient =
        TestDatabases.open(postgres, b -> b.statementTimeout(Duration.ofMillis(100)));
    try {
      StepVerifier.create(impatient.sql("select pg_sleep(5)").rowsUpdated())
          .expectErrorSatisfies(
              e ->
                  assertThat(e)
                      .isInstanceOf(QueryCanceledException.class)
                      .hasMessageContaining("statement timeout"))
          .verify(TestDatabases.TIMEOUT);
    } finally {
      impatient.close().block(TestDatabases.TIMEOUT);
    }
  }

  @Test
  void anUnreachableServerSaysWhereItTried() {
    Database nowhere = Database.create(DatabaseOptions.builder().host("127.0.0.1").port(1).build());
    try {
      StepVerifier.create(nowhere.sql("select 1").rowsUpdated())
          .expectErrorSatisfies(
              e ->
                  assertThat(e)
                      .isInstanceOf(ConnectionFailedException.class)
                      .hasMessageContaining("127.0.0.1:1")
                      .hasMessageContaining("database 'postgres'")
                      .hasMessageContaining("Connection refused"))
          .verify(TestDatabases.TIMEOUT);
    } finally {
      nowhere.close().block(TestDatabases.TIMEOUT);
    }
  }

  @Test
  void anExhaustedPoolFailsTheAcquireWithThePoolsState(PostgresDatabase postgres) {
    Database small =
        TestDatabases.open(postgres, b -> b.poolSize(1).acquireTimeout(Duration.ofMillis(200)));
    try {
      Flux<Integer> holder =
          small.sql("select i from generate_series(1, 1000) i").map(Integer.class).all();
      StepVerifier.create(holder, 0)
          .thenRequest(1)
          .expectNext(1)
          .then(
              () ->
                  StepVerifier.create(small.sql("select 1").rowsUpdated())
                      .expectErrorSatisfies(
                          e -> {
                            assertThat(e).isInstanceOf(ConnectionAcquireTimeoutException.class);
                            ConnectionAcquireTimeoutException timeout =
                                (ConnectionAcquireTimeoutException) e;
                            assertThat(timeout.poolStats().acquired()).isEqualTo(1);
                            assertThat(timeout.poolStats().maxSize()).isEqualTo(1);
                            assertThat(timeout.getMessage())
                                .contains("within 200 ms")
                                .contains("1 of max 1 connections acquired")
                                .contains("pool is exhausted");
                          })
                      .verify(TestDatabases.TIMEOUT))
          .thenCancel()
          .verify(TestDatabases.TIMEOUT);
      assertThat(TestDatabases.awaitPoolIdle(small).acquired()).isZero();
    } finally {
      small.close().block(TestDatabases.TIMEOUT);
    }
  }
}
