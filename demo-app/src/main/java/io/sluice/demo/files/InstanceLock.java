package io.sluice.demo.files;

import io.sluice.db.Database;
import io.sluice.db.DatabaseOptions;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;

/**
 * Proof that this process is alive, for the other instances on the same database: a PostgreSQL
 * advisory lock keyed by a random owner id, held by a transaction left open on a connection of its
 * own for as long as the process runs. Imports and exports record the owner id of the instance that
 * runs them; when the process dies, even by {@code kill -9}, its connection closes, the server
 * drops the lock, and an instance that starts later finds the lock free and takes the jobs over
 * ({@link #ownerGone(String)}).
 *
 * <p>The connection is outside the demo's pool ({@code DB_POOL_SIZE} is not reduced). Its
 * transaction stays {@code idle in transaction}, but it has written nothing and holds no snapshot
 * between statements (read committed), so it does not hold back vacuum. The connection runs {@code
 * select 1} every {@link #HEARTBEAT} so that its loss is noticed; if it is lost (database restart,
 * network cut), the lock is taken again with backoff; meanwhile an instance that starts may take
 * this instance's jobs over (both may then run them; their rows are still stored once). Not
 * handled: a host that vanishes without closing its TCP connections holds the lock until the
 * server's TCP keepalive gives up on them.
 */
public final class InstanceLock {

  /** The first key of the two-key advisory locks of owners; any constant unique to the demo. */
  static final int NAMESPACE = 0x51C0B5;

  /** The {@code application_name} of the lock's connection, {@value}: an idle transaction. */
  public static final String APPLICATION_NAME = "sluice-demo-lock";

  private static final int RELEASE_SECONDS = 5;

  /**
   * How often the lock's connection is used, 5 s: a connection cut while idle is noticed only when
   * it is used, and the lock is taken again only once it is noticed.
   */
  static final Duration HEARTBEAT = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(InstanceLock.class);

  private final String owner;
  private final Database connection;
  private final Disposable holding;
  private final Sinks.Empty<Void> released;
  private final Sinks.Empty<Void> ended;

  private InstanceLock(
      String owner,
      Database connection,
      Disposable holding,
      Sinks.Empty<Void> released,
      Sinks.Empty<Void> ended) {
    this.owner = owner;
    this.connection = connection;
    this.holding = holding;
    this.released = released;
    this.ended = ended;
  }

  /**
   * Takes the lock of a new owner id on a connection of its own.
   *
   * @param options the demo database; a one-connection pool named {@code sluice-demo-instance} is
   *     made from them, whose connection shows in {@code pg_stat_activity} as {@value
   *     #APPLICATION_NAME}, {@code idle in transaction}
   * @return the held lock, once the server granted it; {@link #release()} it
   */
  public static Mono<InstanceLock> acquire(DatabaseOptions options) {
    Objects.requireNonNull(options, "options");
    return Mono.defer(
        () -> {
          String owner = JobIds.next();
          Database connection =
              Database.create(
                  options.toBuilder()
                      .poolSize(1)
                      .minIdle(0)
                      .poolName("sluice-demo-instance")
                      .applicationName(APPLICATION_NAME)
                      .eventLoopThreads(1)
                      .build());
          Sinks.One<Boolean> locked = Sinks.one();
          Sinks.Empty<Void> released = Sinks.empty();
          Sinks.Empty<Void> ended = Sinks.empty();
          Disposable holding =
              connection
                  .inTransaction(
                      tx ->
                          tx.sql(
                                  "select true from (select pg_advisory_xact_lock($1,"
                                      + " hashtext($2))) locked")
                              .bind(NAMESPACE, owner)
                              .map(Boolean.class)
                              .one()
                              .doOnNext(rows -> locked.tryEmitValue(true))
                              .thenMany(
                                  Flux.interval(HEARTBEAT)
                                      .concatMap(
                                          tick -> tx.sql("select 1").map(Integer.class).one()))
                              .takeUntilOther(released.asMono())
                              .then())
                  .retryWhen(
                      Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200))
                          .maxBackoff(Duration.ofSeconds(10))
                          .doBeforeRetry(
                              signal ->
                                  LOG.warn(
                                      "Lost the instance lock of {}; taking it again",
                                      owner,
                                      signal.failure())))
                  .doFinally(signal -> ended.tryEmitEmpty())
                  .subscribe();
          return locked
              .asMono()
              .timeout(Duration.ofSeconds(30))
              .thenReturn(new InstanceLock(owner, connection, holding, released, ended))
              .doOnError(error -> holding.dispose())
              .onErrorResume(error -> connection.close().then(Mono.error(error)));
        });
  }

  /** Returns the owner id recorded on the jobs this instance runs. */
  public String owner() {
    return owner;
  }

  /**
   * Releases the lock: its transaction ends (waiting up to {@value #RELEASE_SECONDS} s for that),
   * then its connection is closed.
   *
   * @return completes once closed
   */
  public Mono<Void> release() {
    return Mono.fromRunnable(released::tryEmitEmpty)
        .then(ended.asMono().timeout(Duration.ofSeconds(RELEASE_SECONDS), Mono.empty()))
        .then(Mono.fromRunnable(holding::dispose))
        .then(connection.close());
  }

  /**
   * An SQL condition that is true when the owner named by {@code column} is gone: no owner at all,
   * or nobody holds its lock. It takes that lock for the rest of the caller's transaction, so two
   * instances starting at once do not both take the same jobs over.
   *
   * @param column the owner column, such as {@code owner}
   * @return the condition
   */
  static String ownerGone(String column) {
    return "("
        + column
        + " is null or pg_try_advisory_xact_lock("
        + NAMESPACE
        + ", hashtext("
        + column
        + ")))";
  }
}
