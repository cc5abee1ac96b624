package io.sluice.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.test.postgres.PostgresDatabase;
import io.sluice.test.postgres.PostgresTest;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

@PostgresTest
class ListenTests {

  static Database db;

  @BeforeAll
  static void setUp(PostgresDatabase postgres) {
    db =
        TestDatabases.open(
            postgres,
            b ->
                b.poolSize(2)
                    .applicationName("sluice-listen-tests")
                    .listenBackoff(Duration.ofMillis(50), Duration.ofMillis(500)));
  }

  @AfterAll
  static void tearDown() {
    db.close().block(TestDatabases.TIMEOUT);
  }

  @Test
  void deliversNotificationsSentAfterListening() {
    StepVerifier.create(db.listen("orders"))
        .expectNext(new ListenEvent.Listening("orders"))
        .then(() -> db.notify("orders", "order 1").block(TestDatabases.TIMEOUT))
        .then(() -> db.notify("other", "not for us").block(TestDatabases.TIMEOUT))
        .then(() -> db.notify("orders", "").block(TestDatabases.TIMEOUT))
        .assertNext(event -> assertThat(event).isEqualTo(notification("orders", "order 1", event)))
        .assertNext(event -> assertThat(event).isEqualTo(notification("orders", "", event)))
        .thenCancel()
        .verify(TestDatabases.TIMEOUT);
  }

  @Test
  void allSubscribersOfAllChannelsShareOneConnection() {
    StepVerifier.create(Flux.merge(db.listen("a"), db.listen("a"), db.listen("b")))
        .expectNextCount(3)
        .then(() -> assertThat(listeningBackends()).isEqualTo(1L))
        .then(() -> db.notify("a", "x").block(TestDatabases.TIMEOUT))
        .then(() -> db.notify("b", "y").block(TestDatabases.TIMEOUT))
        .expectNextMatches(event -> event instanceof ListenEvent.Notification)
        .expectNextMatches(event -> event instanceof ListenEvent.Notification)
        .expectNextMatches(event -> event instanceof ListenEvent.Notification)
        .then(() -> assertThat(listeningBackends()).isEqualTo(1L))
        .thenCancel()
        .verify(TestDatabases.TIMEOUT);
    long remaining =
        TestDatabases.awaitQuery(
            ListenTests::countListeningBackends, n -> n == 0, Duration.ofSeconds(5));
    assertThat(remaining).isZero();
  }

  @Test
  void afterTheListeningBackendIsKilledItReconnectsSaysSoAndReceivesLaterNotifications() {
    StepVerifier.create(db.listen("jobs"))
        .expectNext(new ListenEvent.Listening("jobs"))
        .then(
            () ->
                db.sql(
                        "select pg_terminate_backend(pid) from pg_stat_activity"
                            + " where application_name = 'sluice-listen-tests'"
                            + " and query like 'LISTEN%' and datname = current_database()")
                    .map(Boolean.class)
                    .all()
                    .blockLast(TestDatabases.TIMEOUT))
        .expectNext(new ListenEvent.Reconnected("jobs"))
        .then(() -> db.notify("jobs", "after").block(TestDatabases.TIMEOUT))
        .assertNext(event -> assertThat(event).isEqualTo(notification("jobs", "after", event)))
        .thenCancel()
        .verify(TestDatabases.TIMEOUT);
  }

  @Test
  void aSubscriberThatFallsTooFarBehindFailsAlone(PostgresDatabase postgres) {
    Database tiny = TestDatabases.open(postgres, b -> b.listenBufferSize(2));
    // A second subscriber of the same LISTEN takes everything: once it has all five, so has the
    // slow subscriber's buffer, since both are fed in order from the one connection.
    CountDownLatch fastSawAll = new CountDownLatch(5);
    Disposable fast =
        tiny.listen("burst")
            .filter(event -> event instanceof ListenEvent.Notification)
            .subscribe(event -> fastSawAll.countDown());
    try {
      StepVerifier.create(tiny.listen("burst"), 1)
          .expectNext(new ListenEvent.Listening("burst"))
          .then(
              () -> {
                Flux.range(0, 5)
                    .concatMap(i -> tiny.notify("burst", "n" + i))
                    .blockLast(TestDatabases.TIMEOUT);
                awaitQuietly(fastSawAll);
              })
          .thenRequest(10)
          .expectNextCount(2)
          .expectErrorSatisfies(
              e ->
                  assertThat(e)
                      .isInstanceOf(IllegalStateException.class)
                      .hasMessageContaining("fell more than 2 notifications behind"))
          .verify(TestDatabases.TIMEOUT);
    } finally {
      fast.dispose();
      tiny.close().block(TestDatabases.TIMEOUT);
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      assertThat(latch.await(TestDatabases.TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static ListenEvent notification(String channel, String payload, ListenEvent actual) {
    int pid = actual instanceof ListenEvent.Notification n ? n.processId() : -1;
    return new ListenEvent.Notification(channel, payload, pid);
  }

  private static long listeningBackends() {
    return countListeningBackends().block(TestDatabases.TIMEOUT);
  }

  private static Mono<Long> countListeningBackends() {
    return db.sql(
            "select count(*) from pg_stat_activity where application_name = 'sluice-listen-tests'"
                + " and (query like 'LISTEN%' or query like 'UNLISTEN%') and state = 'idle'"
                + " and datname = current_database()")
        .map(Long.class)
        .one();
  }
}
