package io.sluice.db;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.PoolMetrics;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.sluice.db.internal.ConnectionPools;
import io.sluice.db.internal.Copy;
import io.sluice.db.internal.ErrorTranslator;
import io.sluice.db.internal.FlywayMigrations;
import io.sluice.db.internal.NotificationHub;
import io.sluice.db.internal.PooledExecutor;
import io.sluice.db.internal.QueryContext;
import io.sluice.db.internal.SharedConnections;
import io.sluice.db.internal.Statements;
import io.sluice.db.internal.TransactionScope;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

/**
 * A PostgreSQL database: a pool of connections and everything that runs on them, as demand-driven
 * publishers.
 *
 * <pre>{@code
 * Database db = Database.create("r2dbc:postgresql://app@localhost:5432/shop");
 * Flux<Order> orders = db.sql("select id, total from orders where customer = $1")
 *     .bind(customerId)
 *     .map(Order.class)
 *     .all();
 * }</pre>
 *
 * <p>Creating a database opens nothing; connections open on first use. Connections run on the
 * database's own event loops (unless {@link DatabaseOptions.Builder#loopResources} says otherwise),
 * never on an HTTP server's. {@link #close()} closes the pool, the listener and the loops.
 */
public final class Database implements SqlClient {

  /** How long {@link #close()} waits for the database's own event loops to stop: 10 s. */
  private static final Duration LOOP_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

  private final DatabaseOptions options;
  private final @Nullable LoopResources ownLoops;
  private final ConnectionPool pool;
  private final PooledExecutor pooled;
  private final @Nullable SharedConnections shared;
  private final ErrorTranslator errors;
  private final QueryContext context;
  private final NotificationHub notifications;

  private Database(DatabaseOptions options) {
    this.options = options;
    LoopResources loops = options.loopResources();
    if (loops == null) {
      this.ownLoops = LoopResources.create(options.poolName(), options.eventLoopThreads(), true);
      loops = this.ownLoops;
    } else {
      this.ownLoops = null;
    }
    PostgresqlConnectionFactory factory = ConnectionPools.connectionFactory(options, loops);
    this.pool = ConnectionPools.pool(factory, options);
    this.errors = new ErrorTranslator(options, this::poolStats);
    this.pooled = new PooledExecutor(pool, errors);
    this.shared =
        options.sharedConnections() > 0
            ? new SharedConnections(pooled, options.sharedConnections(), options.pipelining())
            : null;
    this.context =
        new QueryContext(
            pooled,
            shared == null ? pooled : shared,
            new Statements(errors),
            new Copy(errors),
            options);
    this.notifications =
        new NotificationHub(Mono.defer(factory::create).onErrorMap(errors::connectError), options);
  }

  /**
   * Creates a database from a URL such as {@code r2dbc:postgresql://user:password@host:5432/db} (or
   * {@code postgresql://...}), with every other option at its default.
   *
   * @throws IllegalArgumentException if the URL is malformed
   */
  public static Database create(String url) {
    return create(DatabaseOptions.fromUrl(url).build());
  }

  /** Creates a database from options. Opens nothing yet. */
  public static Database create(DatabaseOptions options) {
    return new Database(Objects.requireNonNull(options, "options"));
  }

  /** Returns the options this database was created with. */
  public DatabaseOptions options() {
    return options;
  }

  @Override
  public Query sql(String sql) {
    return new Query(context, Objects.requireNonNull(sql, "sql"));
  }

  /** Runs {@code body} in a new transaction with {@link TransactionOptions#DEFAULT}. */
  @Override
  public <T> Flux<T> inTransaction(Function<Transaction, ? extends Publisher<T>> body) {
    return inTransaction(TransactionOptions.DEFAULT, body);
  }

  /**
   * Runs {@code body} in a new transaction on one pooled connection.
   *
   * <p>The transaction begins on subscription. It commits when the body's publisher completes (the
   * commit's failure, such as a serialization failure, fails the flux); it rolls back when the
   * body's publisher fails, and when the subscriber cancels: any statement the server is still
   * running is cancelled first. The connection goes back to the pool in every case. Retry transient
   * failures by resubscribing, see {@link TransientDatabaseException#retry}.
   *
   * <p><b>Backpressure:</b> the body's. <b>Cancellation:</b> rolls back, as above. <b>Errors:</b>
   * the body's, or the commit's.
   *
   * @param options isolation level and read-only
   * @param body builds the transaction's work; its {@link Transaction} is valid until the returned
   *     publisher terminates
   * @return the body's elements
   */
  public <T> Flux<T> inTransaction(
      TransactionOptions options, Function<Transaction, ? extends Publisher<T>> body) {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(body, "body");
    return TransactionScope.run(
        pooled,
        errors,
        options,
        scope ->
            body.apply(
                new Transaction(
                    scope,
                    new QueryContext(scope, context.statements(), context.copy(), this.options))));
  }

  @Override
  public Mono<Long> copyIn(String sql, Publisher<ByteBuffer> data) {
    Objects.requireNonNull(sql, "sql");
    Objects.requireNonNull(data, "data");
    return context.copyIn(sql, data);
  }

  @Override
  public Flux<ByteBuffer> copyOut(String sql) {
    Objects.requireNonNull(sql, "sql");
    return context.copyOut(sql);
  }

  /**
   * Listens to a notification channel. All subscribers of all channels share one dedicated
   * connection, outside the pool, opened with the first subscriber and closed after the last.
   *
   * <p>Emits {@link ListenEvent.Listening} once the server listens for this subscriber, then every
   * {@link ListenEvent.Notification} of the channel. If the connection is lost, it reconnects with
   * exponential backoff (see {@link DatabaseOptions.Builder#listenBackoff}), listens again, and
   * emits {@link ListenEvent.Reconnected}: notifications sent meanwhile were missed, so
   * resynchronise. The flux never completes by itself.
   *
   * <p><b>Backpressure:</b> notifications cannot be slowed down at the source; each subscriber
   * buffers up to {@link DatabaseOptions#listenBufferSize()} of them. <b>Cancellation:</b>
   * UNLISTENs the channel when its last subscriber leaves; closes the connection when the last
   * subscriber of any channel leaves. <b>Errors:</b> {@link IllegalStateException} for a subscriber
   * that falls further behind than its buffer. Connection failures are retried, not propagated.
   *
   * @param channel the channel name, case-sensitive (it is quoted)
   */
  public Flux<ListenEvent> listen(String channel) {
    Objects.requireNonNull(channel, "channel");
    if (channel.isEmpty()) {
      throw new IllegalArgumentException("channel must not be empty");
    }
    return notifications.listen(channel);
  }

  /**
   * Sends a notification with {@code pg_notify(channel, payload)} on a pooled connection.
   *
   * <p><b>Errors:</b> a {@link DatabaseException} if the server rejects it (payloads are limited to
   * 8000 bytes).
   *
   * @return completes when the server accepted it (it is delivered when the sender's transaction
   *     commits: at once here)
   */
  public Mono<Void> notify(String channel, String payload) {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(payload, "payload");
    return sql("select pg_notify($1, $2)").bind(channel, payload).rowsUpdated().then();
  }

  /**
   * Applies the versioned SQL migrations ({@code V1__create_tables.sql}, ...) found at {@code
   * locations} with Flyway, and emits how many were applied.
   *
   * <p>Flyway works through JDBC, so this runs on {@link DatabaseOptions#blockingScheduler()}; it
   * needs {@code flyway-core}, {@code flyway-database-postgresql} and {@code
   * org.postgresql:postgresql} on the class path. Run it once at startup, before serving.
   *
   * <p><b>Errors:</b> Flyway's exception for a failed migration (the failed script is rolled back);
   * an {@link IllegalStateException} if Flyway is not on the class path.
   *
   * @param locations Flyway locations; none means {@code classpath:db/migration}
   */
  public Mono<Integer> migrate(String... locations) {
    String[] where =
        locations.length == 0
            ? new String[] {"classpath:db/migration"}
            : Arrays.copyOf(locations, locations.length);
    return Mono.fromCallable(() -> FlywayMigrations.migrate(options, where))
        .subscribeOn(options.blockingScheduler());
  }

  /** Returns a snapshot of the pool's state. */
  public PoolStats poolStats() {
    PoolMetrics metrics = pool.getMetrics().orElse(null);
    if (metrics == null) {
      return new PoolStats(0, 0, 0, 0, options.poolSize());
    }
    return new PoolStats(
        metrics.acquiredSize(),
        metrics.idleSize(),
        metrics.pendingAcquireSize(),
        metrics.allocatedSize(),
        metrics.getMaxAllocatedSize());
  }

  /**
   * Closes the pool (waiting for lent connections is not done: close after your work finished) and,
   * if the database created its own, its event loops. The loops are shut down as soon as the pool
   * is closed, without Netty's default two-second quiet period: nothing else submits work to them.
   */
  public Mono<Void> close() {
    SharedConnections sharing = shared;
    Mono<Void> closePool =
        sharing == null ? pool.disposeLater() : sharing.close().then(pool.disposeLater());
    LoopResources loops = ownLoops;
    return loops == null
        ? closePool
        : closePool.then(loops.disposeLater(Duration.ZERO, LOOP_SHUTDOWN_TIMEOUT));
  }

  @Override
  public String toString() {
    return "Database[" + options + "]";
  }
}
