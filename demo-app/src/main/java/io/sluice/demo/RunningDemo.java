package io.sluice.demo;

import io.sluice.db.Database;
import io.sluice.net.http.RunningHttpServer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A started demo: its address, its database, and how to stop it. */
public final class RunningDemo {

  private static final Logger LOG = LoggerFactory.getLogger(RunningDemo.class);

  private final RunningHttpServer server;
  private final Database database;
  private final List<Mono<Void>> closers;
  private final boolean tls;

  RunningDemo(RunningHttpServer server, Database database, List<Mono<Void>> closers) {
    this(server, database, closers, false);
  }

  RunningDemo(RunningHttpServer server, Database database, List<Mono<Void>> closers, boolean tls) {
    this.tls = tls;
    this.server = Objects.requireNonNull(server, "server");
    this.database = Objects.requireNonNull(database, "database");
    this.closers = List.copyOf(closers);
  }

  /**
   * Returns the HTTP port, the actual one if the configuration asked for any free port.
   *
   * @return the port
   */
  public int port() {
    return server.port();
  }

  /**
   * Returns the base URL on the loopback interface.
   *
   * @return for example {@code http://127.0.0.1:8080}, or {@code https://} when TLS is on
   */
  public String baseUrl() {
    return (tls ? "https" : "http") + "://127.0.0.1:" + port();
  }

  /**
   * Returns the database the demo uses; it stays owned by the demo and closes with it.
   *
   * @return the database
   */
  public Database database() {
    return database;
  }

  /**
   * Stops gracefully: ends the live feeds and stops the other components (clients of live feeds
   * reconnect elsewhere), stops accepting connections, lets requests in progress finish for up to
   * {@code timeout}, then closes the database.
   *
   * @param timeout how long requests in progress may take to finish
   * @return completes once everything is closed; never fails (errors are logged)
   */
  public Mono<Void> stop(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    return Flux.fromIterable(closers)
        .concatMap(closer -> closer.onErrorResume(RunningDemo::logged))
        .then(server.shutdown(timeout).onErrorResume(RunningDemo::logged))
        .then(database.close().onErrorResume(RunningDemo::logged));
  }

  private static Mono<Void> logged(Throwable error) {
    LOG.warn("Error while stopping the demo", error);
    return Mono.empty();
  }

  @Override
  public String toString() {
    return "RunningDemo[" + baseUrl() + "]";
  }
}
