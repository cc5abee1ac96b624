package io.sluice.test.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.R2dbcException;
import io.sluice.test.postgres.PostgresDatabase;
import io.sluice.test.postgres.PostgresTest;
import java.net.ConnectException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** A real PostgreSQL connection through the proxy, cut and refused, then working again. */
@PostgresTest
class FaultProxyPostgresTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final PostgresDatabase database;
  private FaultProxy proxy;
  private ConnectionFactory throughProxy;

  FaultProxyPostgresTests(PostgresDatabase database) {
    this.database = database;
  }

  @BeforeEach
  void startProxy() {
    proxy = FaultProxy.start(database.host(), database.port());
    throughProxy =
        ConnectionFactories.get(
            ConnectionFactoryOptions.parse(database.r2dbcUrl())
                .mutate()
                .option(ConnectionFactoryOptions.HOST, proxy.host())
                .option(ConnectionFactoryOptions.PORT, proxy.port())
                .build());
  }

  @AfterEach
  void closeProxy() {
    proxy.close();
  }

  @Test
  void aCutConnectionFailsItsNextQueryAndANewConnectionWorks() {
    Connection connection = Mono.from(throughProxy.create()).block(TIMEOUT);
    try {
      StepVerifier.create(selectOne(connection)).expectNext(1).expectComplete().verify(TIMEOUT);

      assertThat(proxy.cutConnections()).isEqualTo(1);

      StepVerifier.create(selectOne(connection)).expectError(R2dbcException.class).verify(TIMEOUT);
    } finally {
      Mono.from(connection.close()).onErrorResume(error -> Mono.empty()).block(TIMEOUT);
    }
    StepVerifier.create(Flux.usingWhen(throughProxy.create(), this::selectOne, Connection::close))
        .expectNext(1)
        .expectComplete()
        .verify(TIMEOUT);
  }

  @Test
  void aRefusedConnectionFailsAtOnceAndPassLetsTheNextOneIn() {
    proxy.refuse();

    StepVerifier.create(throughProxy.create())
        .expectErrorSatisfies(
            error ->
                assertThat(error)
                    .isInstanceOf(R2dbcException.class)
                    .hasRootCauseInstanceOf(ConnectException.class))
        .verify(TIMEOUT);

    proxy.pass();
    StepVerifier.create(Flux.usingWhen(throughProxy.create(), this::selectOne, Connection::close))
        .expectNext(1)
        .expectComplete()
        .verify(TIMEOUT);
  }

  private Flux<Integer> selectOne(Connection connection) {
    return Flux.from(connection.createStatement("select 1").execute())
        .flatMap(result -> result.map(row -> row.get(0, Integer.class)));
  }
}
