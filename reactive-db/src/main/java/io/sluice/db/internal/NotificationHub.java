package io.sluice.db.internal;

import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.sluice.db.DatabaseOptions;
import io.sluice.db.ListenEvent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import reactor.core.Exceptions;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;

/**
 * LISTEN over one dedicated connection (outside the pool), shared by every subscriber of every
 * channel.
 *
 * <p>The connection opens with the first subscriber and closes after the last one leaves. A channel
 * is LISTENed when its first subscriber arrives and UNLISTENed when its last leaves. When the
 * connection is lost, the hub reconnects with exponential backoff for as long as it has
 * subscribers, LISTENs every channel again, and emits {@link ListenEvent.Reconnected} to each
 * subscriber. Each subscriber has its own bounded buffer, so a slow one neither stalls the others
 * nor makes the hub drop notifications for them.
 */
public final class NotificationHub {

  private final Mono<PostgresqlConnection> connect;
  private final DatabaseOptions options;
  private final Map<String, AtomicInteger> channels = new ConcurrentHashMap<>();
  private final AtomicReference<@Nullable Session> current = new AtomicReference<>();
  private final Sinks.Many<Session> sessions = Sinks.many().replay().latest();
  private final Flux<ListenEvent> shared;

  /**
   * Creates the hub.
   *
   * @param connect opens a dedicated connection
   * @param options backoff and buffer settings
   */
  public NotificationHub(Mono<PostgresqlConnection> connect, DatabaseOptions options) {
    this.connect = connect;
    this.options = options;
    this.shared =
        Flux.defer(
                () -> {
                  AtomicInteger generation = new AtomicInteger();
                  return Flux.defer(() -> session(generation.incrementAndGet()))
                      .retryWhen(
                          Retry.backoff(Long.MAX_VALUE, options.listenMinBackoff())
                              .maxBackoff(options.listenMaxBackoff())
                              .transientErrors(true));
                })
            .publish()
            .refCount(1);
  }

  /** Returns the events of one channel for one subscriber. */
  public Flux<ListenEvent> listen(String channel) {
    return Flux.usingWhen(
            Mono.fromSupplier(() -> register(channel)),
            registered ->
                Flux.merge(
                    shared.filter(event -> event.channel().equals(channel)), listening(channel)),
            registered -> unregister(channel))
        .onBackpressureBuffer(
            options.listenBufferSize(), dropped -> {}, BufferOverflowStrategy.ERROR)
        .onErrorMap(
            Exceptions::isOverflow,
            e ->
                new IllegalStateException(
                    "The subscriber of channel '"
                        + channel
                        + "' fell more than "
                        + options.listenBufferSize()
                        + " notifications behind (DatabaseOptions.listenBufferSize)",
                    e));
  }

  private String register(String channel) {
    channels.computeIfAbsent(channel, c -> new AtomicInteger()).incrementAndGet();
    return channel;
  }

  private Mono<Void> unregister(String channel) {
    return Mono.defer(
        () -> {
          AtomicInteger count = channels.get(channel);
          if (count == null || count.decrementAndGet() > 0) {
            return Mono.empty();
          }
          channels.remove(channel, count);
          Session session = current.get();
          return session == null ? Mono.empty() : session.unlisten(channel);
        });
  }

  /** Emits Listening once some live session has LISTENed the channel. */
  private Mono<ListenEvent> listening(String channel) {
    return sessions
        .asFlux()
        .filter(Session::alive)
        .concatMap(
            session -> session.listen(channel).thenReturn(true).onErrorResume(e -> Mono.empty()))
        .next()
        .map(ignored -> new ListenEvent.Listening(channel));
  }

  private Flux<ListenEvent> session(int generation) {
    return Flux.usingWhen(
        connect,
        connection -> {
          Session session = new Session(connection);
          Flux<ListenEvent> notifications =
              connection
                  .getNotifications()
                  .map(
                      n ->
                          (ListenEvent)
                              new ListenEvent.Notification(
                                  n.getName(),
                                  n.getParameter() == null ? "" : n.getParameter(),
                                  n.getProcessId()))
                  .concatWith(
                      Mono.error(
                          () -> new IllegalStateException("The listening connection was closed")));
          Flux<ListenEvent> start =
              Mono.fromRunnable(
                      () -> {
                        current.set(session);
                        sessions.tryEmitNext(session);
                      })
                  .thenMany(Flux.fromIterable(channels.keySet()))
                  .concatMap(channel -> session.listen(channel).thenReturn(channel))
                  .filter(channel -> generation > 1)
                  .map(channel -> (ListenEvent) new ListenEvent.Reconnected(channel));
          return Flux.merge(notifications, start).doFinally(signal -> session.end(current));
        },
        PostgresqlConnection::close,
        (connection, error) -> connection.close().onErrorResume(e -> Mono.empty()),
        connection -> connection.close().onErrorResume(e -> Mono.empty()));
  }

  /** One connection's LISTEN state. */
  private static final class Session {

    private final PostgresqlConnection connection;
    private final Map<String, Mono<Void>> listened = new ConcurrentHashMap<>();
    private volatile boolean alive = true;

    Session(PostgresqlConnection connection) {
      this.connection = connection;
    }

    boolean alive() {
      return alive;
    }

    void end(AtomicReference<@Nullable Session> current) {
      alive = false;
      current.compareAndSet(this, null);
    }

    Mono<Void> listen(String channel) {
      return listened.computeIfAbsent(channel, c -> command("LISTEN " + quote(c)).cache());
    }

    Mono<Void> unlisten(String channel) {
      if (listened.remove(channel) == null || !alive) {
        return Mono.empty();
      }
      return command("UNLISTEN " + quote(channel)).onErrorResume(e -> Mono.empty());
    }

    private Mono<Void> command(String sql) {
      return Flux.from(connection.createStatement(sql).execute())
          .concatMap(result -> result.getRowsUpdated())
          .then();
    }

    private static String quote(String channel) {
      return '"' + channel.replace("\"", "\"\"") + '"';
    }
  }
}
