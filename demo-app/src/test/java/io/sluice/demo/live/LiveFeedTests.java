package io.sluice.demo.live;

import static io.sluice.demo.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.demo.DemoUnderTest;
import io.sluice.net.http.client.ClientResponse;
import io.sluice.net.http.client.ServerSentEvent;
import io.sluice.test.postgres.PostgresDatabase;
import io.sluice.test.postgres.PostgresTest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Two instances of the app on one database: what one stores, the other pushes live. */
@PostgresTest
class LiveFeedTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private static DemoUnderTest first;
  private static DemoUnderTest second;

  @BeforeAll
  static void startTwoInstances(PostgresDatabase database) {
    first = DemoUnderTest.start(database);
    second = DemoUnderTest.start(database);
  }

  @AfterAll
  static void stop() {
    if (second != null) {
      second.close();
    }
    if (first != null) {
      first.close();
    }
  }

  private static String reading(String station, int minute) {
    return String.format(
        "{\"stationId\":\"%s\",\"recordedAt\":\"2026-01-01T10:%02d:00Z\","
            + "\"temperature\":4.5,\"humidity\":81,\"pressure\":1013.2}%n",
        station, minute);
  }

  private static long lastId() {
    Long id =
        first
            .database()
            .sql("select coalesce(max(id), 0) from readings")
            .map(Long.class)
            .one()
            .block(TIMEOUT);
    return id == null ? 0 : id;
  }

  /** Subscribes to an instance's live feed and waits until its response has started. */
  private static Subscription subscribe(DemoUnderTest app, String lastEventId, int expected)
      throws InterruptedException {
    double before = liveStreams(app);
    Subscription subscription = new Subscription(expected);
    var request = app.client().get("/api/live").header("Accept", "text/event-stream");
    if (lastEventId != null) {
      request = request.header("Last-Event-ID", lastEventId);
    }
    subscription.disposable =
        request
            .events()
            .subscribe(
                event -> {
                  subscription.events.add(event);
                  subscription.received.countDown();
                });
    // The server has subscribed to the feed once its stream gauge counts one more.
    awaitStreams(app, before + 1);
    return subscription;
  }

  private static double liveStreams(DemoUnderTest app) {
    String metrics = app.client().get("/metrics").string().block(TIMEOUT);
    return metrics == null
        ? 0
        : metrics
            .lines()
            .filter(l -> l.startsWith("sluice_demo_streams_in_flight{kind=\"live\"}"))
            .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
            .sum();
  }

  private static void awaitStreams(DemoUnderTest app, double atLeast) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (liveStreams(app) < atLeast) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no live stream was opened on " + app.demo());
      }
      Thread.sleep(20);
    }
  }

  private static final class Subscription {
    final List<ServerSentEvent> events = new CopyOnWriteArrayList<>();
    final CountDownLatch received;
    Disposable disposable = () -> {};

    Subscription(int expected) {
      received = new CountDownLatch(expected);
    }

    List<JsonNode> await() throws InterruptedException {
      try {
        assertThat(received.await(30, TimeUnit.SECONDS)).as("events received: %s", events).isTrue();
        return events.stream().map(e -> JsonMapper.shared().readTree(e.data())).toList();
      } finally {
        disposable.dispose();
      }
    }
  }

  @Test
  void aReadingPostedToOneInstanceAppearsOnTheOthersLiveFeed() throws Exception {
    Subscription onSecond = subscribe(second, null, 2);

    ClientResponse response =
        first.upload("", "application/x-ndjson", reading("live-1", 1) + reading("live-1", 2));
    assertThat(response.status()).isEqualTo(200);

    List<JsonNode> readings = onSecond.await();
    assertThat(readings)
        .extracting(r -> r.get("recordedAt").asString())
        .containsExactly("2026-01-01T10:01:00Z", "2026-01-01T10:02:00Z");
    assertThat(onSecond.events)
        .allSatisfy(
            e -> {
              assertThat(e.event()).isEqualTo("reading");
              assertThat(Long.parseLong(e.id())).isPositive();
            });
    assertThat(Long.parseLong(onSecond.events.get(1).id()))
        .isGreaterThan(Long.parseLong(onSecond.events.get(0).id()));
  }

  @Test
  void aClientResumingWithLastEventIdGetsWhatItMissedThenNewReadings() throws Exception {
    long before = lastId();
    first.upload("", "application/x-ndjson", reading("resume-1", 10) + reading("resume-1", 11));
    long firstMissed = before + 1;

    Subscription resumed = subscribe(second, Long.toString(firstMissed), 2);
    first.upload("", "application/x-ndjson", reading("resume-1", 12));

    List<JsonNode> readings = resumed.await();
    assertThat(readings)
        .extracting(r -> r.get("recordedAt").asString())
        .containsExactly("2026-01-01T10:11:00Z", "2026-01-01T10:12:00Z");
    assertThat(resumed.events.get(0).id()).isEqualTo(Long.toString(firstMissed + 1));
  }

  @Test
  void aLastEventIdThatIsNotANumberIsABadRequest() {
    assertProblem(
        first.exchange(
            first
                .client()
                .get("/api/live")
                .header("Accept", "text/event-stream")
                .header("Last-Event-ID", "yesterday")),
        400);
  }
}
