package io.sluice.demo.live;

import io.sluice.db.Database;
import io.sluice.db.ListenEvent;
import io.sluice.demo.ops.StreamGauge;
import io.sluice.demo.readings.ReadingStore;
import io.sluice.demo.readings.StoredReading;
import io.sluice.net.http.ProblemException;
import io.sluice.net.http.Routes;
import io.sluice.net.http.ServerRequest;
import io.sluice.net.http.ServerResponse;
import io.sluice.net.http.SseEvent;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;
import tools.jackson.databind.json.JsonMapper;

/**
 * New readings as they are committed, from any instance of the app: {@code GET /api/live} as
 * server-sent events.
 *
 * <p>Each instance holds one LISTEN on channel {@value ReadingStore#CHANNEL} (on the database's
 * dedicated listener connection) and runs one tail of the table: a notification (or a reconnection
 * of the listener, after which notifications may have been missed) makes it read {@code where id >
 * last order by id} in pages of {@value #PAGE} and multicast the rows to every subscriber. Bursts
 * of notifications are coalesced: while a read runs, only the latest notification waits.
 *
 * <p>Events carry the reading's id as SSE {@code id}, event name {@code reading} and the reading as
 * JSON. A client reconnecting with {@code Last-Event-ID} first gets what it missed from the table
 * (at most {@value #MAX_BACKLOG} readings, the newest), then the live stream, without duplicates.
 *
 * <p>When the LISTEN connection is lost (the database restarts or the network drops it), the
 * database client reconnects with backoff; on reconnection the feed sends every open stream a
 * {@code resync} event and reads the table for what it missed, so nothing committed is skipped.
 *
 * <p>Backpressure: each subscriber has a buffer of {@value #SUBSCRIBER_BUFFER} readings; a client
 * that falls further behind has its stream ended with an error (and reconnects with {@code
 * Last-Event-ID}), so a slow client never holds up the others or the tail.
 */
public final class LiveFeed {

  /** Rows per read of the tail, {@value}. */
  static final int PAGE = 1_000;

  /** Readings replayed at most to a client resuming with {@code Last-Event-ID}, {@value}. */
  public static final int MAX_BACKLOG = 10_000;

  /** Readings buffered per subscriber before it is cut off, {@value}. */
  public static final int SUBSCRIBER_BUFFER = 4_096;

  private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);

  private final ReadingStore store;
  private final JsonMapper json;
  private final Sinks.Many<Published> sink = Sinks.many().multicast().directBestEffort();
  private final Sinks.Many<Long> resyncs = Sinks.many().multicast().directBestEffort();
  private final AtomicLong last = new AtomicLong();
  private final Sinks.Empty<Void> listening = Sinks.empty();
  private volatile @Nullable Disposable tail;

  private LiveFeed(ReadingStore store, JsonMapper json) {
    this.store = store;
    this.json = json;
  }

  /**
   * Starts listening and tailing.
   *
   * @param database the database to listen on
   * @param store the readings table
   * @param json the mapper writing events
   * @return the feed, once its LISTEN is in place and it knows the last id
   */
  public static Mono<LiveFeed> start(Database database, ReadingStore store, JsonMapper json) {
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(json, "json");
    return Mono.defer(
        () -> {
          LiveFeed feed = new LiveFeed(store, json);
          feed.tail =
              database
                  .listen(ReadingStore.CHANNEL)
                  .onBackpressureLatest()
                  .concatMap(feed::onEvent, 1)
                  .retryWhen(
                      Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(100))
                          .maxBackoff(Duration.ofSeconds(10))
                          .doBeforeRetry(s -> LOG.warn("Live feed restarts", s.failure())))
                  .subscribe();
          // Not listening in time (the caller gave up): stop retrying in the background.
          return feed.listening.asMono().thenReturn(feed).doOnCancel(feed::halt);
        });
  }

  private Mono<Void> onEvent(ListenEvent event) {
    if (event instanceof ListenEvent.Listening) {
      return store.lastId().doOnNext(last::set).doOnSuccess(id -> listening.tryEmitEmpty()).then();
    }
    if (event instanceof ListenEvent.Reconnected) {
      LOG.info("Live feed listens again; reading what was missed after id {}", last.get());
      resyncs.tryEmitNext(last.get());
    }
    return drain();
  }

  private Mono<Void> drain() {
    return Mono.defer(this::page)
        .expand(rows -> rows == PAGE ? Mono.defer(this::page) : Mono.empty())
        .then()
        .onErrorResume(
            error -> {
              LOG.warn("Live feed could not read new readings after id {}", last.get(), error);
              return Mono.empty();
            });
  }

  private Mono<Long> page() {
    return store.after(last.get(), PAGE).doOnNext(this::publish).count();
  }

  private void publish(StoredReading reading) {
    last.set(reading.id());
    if (sink.currentSubscriberCount() > 0) {
      sink.tryEmitNext(published(reading));
    }
  }

  /** A reading with its event, serialised once for every subscriber. */
  private record Published(long id, SseEvent event) {}

  private Published published(StoredReading reading) {
    String id = Long.toString(reading.id());
    return new Published(
        reading.id(),
        SseEvent.data(json.writeValueAsString(reading)).withId(id).withEvent("reading"));
  }

  /**
   * The {@code reading} events of the readings committed from now on, after replaying those after
   * {@code lastSeenId} if given. A reading committed while subscribers listen is serialised once,
   * whatever their number.
   *
   * <p>Backpressure: a buffer of {@value #SUBSCRIBER_BUFFER}; past it the stream fails with
   * reactor's overflow exception. Completes when the feed stops.
   *
   * @param lastSeenId the last id the client saw, or null for only new readings
   * @return the events in id order
   */
  Flux<SseEvent> readingEvents(@Nullable Long lastSeenId) {
    Flux<Published> live =
        sink.asFlux()
            .onBackpressureBuffer(SUBSCRIBER_BUFFER, dropped -> {}, BufferOverflowStrategy.ERROR);
    if (lastSeenId == null) {
      return live.map(Published::event);
    }
    return Flux.defer(
        () -> {
          AtomicLong sent = new AtomicLong(lastSeenId);
          Flux<Published> backlog =
              store
                  .after(Math.max(lastSeenId, last.get() - MAX_BACKLOG), MAX_BACKLOG)
                  .map(this::published);
          return Flux.mergeSequential(backlog, live)
              .filter(reading -> reading.id() > sent.get())
              .doOnNext(reading -> sent.set(reading.id()))
              .map(Published::event);
        });
  }

  /**
   * Adds {@code GET /api/live}.
   *
   * <p>Besides {@code reading} events, the stream carries a {@code resync} event (no id, data
   * {@code {"lastPublishedId":n}}) whenever the feed's LISTEN connection to the database was lost
   * and is back: notifications may have been missed meanwhile, so the feed re-reads the table and
   * the readings committed during the gap follow on the same stream. A client that keeps its own
   * copy can take it as a cue to re-fetch; one that only follows the stream needs to do nothing.
   *
   * @param routes the table so far
   * @param streams counts open feeds
   * @return the table with the live route
   */
  public Routes register(Routes routes, StreamGauge streams) {
    return routes.get(
        "/api/live",
        request -> {
          Long lastSeen;
          try {
            lastSeen = lastEventId(request);
          } catch (ProblemException e) {
            return Mono.error(e);
          }
          Flux<SseEvent> events =
              Flux.merge(readingEvents(lastSeen), resyncs.asFlux().map(LiveFeed::resyncEvent));
          return Mono.just(ServerResponse.sse(streams.track("live", events)));
        });
  }

  private static SseEvent resyncEvent(long lastPublished) {
    return SseEvent.data("{\"lastPublishedId\":" + lastPublished + "}").withEvent("resync");
  }

  private static @Nullable Long lastEventId(ServerRequest request) {
    String header = request.header("Last-Event-ID");
    if (header == null || header.isBlank()) {
      return null;
    }
    try {
      long id = Long.parseLong(header.strip());
      if (id < 0) {
        throw new NumberFormatException("negative");
      }
      return id;
    } catch (NumberFormatException e) {
      throw new ProblemException(
          400, "Last-Event-ID must be a reading id (a whole number from 0), was '" + header + "'");
    }
  }

  /**
   * Stops listening and ends every subscriber's stream (clients reconnect, to this instance or
   * another).
   *
   * @return completes at once
   */
  public Mono<Void> stop() {
    return Mono.fromRunnable(this::halt);
  }

  private void halt() {
    Disposable running = tail;
    if (running != null) {
      running.dispose();
    }
    sink.tryEmitComplete();
    resyncs.tryEmitComplete();
  }

  @Override
  public String toString() {
    return "LiveFeed[last=" + last.get() + "]";
  }
}
