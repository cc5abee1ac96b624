package io.sluice.db;

import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.Option;
import io.r2dbc.spi.ValidationDepth;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.resources.LoopResources;

/**
 * How a {@link Database} connects, pools and streams. Immutable; build with {@link #builder()},
 * {@link #fromUrl(String)} or {@link #toBuilder()}. Every setting documents its default.
 */
public final class DatabaseOptions {

  /** The default port, {@value}. */
  public static final int DEFAULT_PORT = 5432;

  /** The default pool size, {@value} connections. */
  public static final int DEFAULT_POOL_SIZE = 10;

  /** The default largest fetch size, {@value} rows. */
  public static final int DEFAULT_MAX_FETCH_SIZE = 1000;

  /** The default smallest fetch size, {@value} rows. */
  public static final int DEFAULT_MIN_FETCH_SIZE = 16;

  /** The default per-subscriber notification buffer, {@value} notifications. */
  public static final int DEFAULT_LISTEN_BUFFER_SIZE = 1024;

  private static final Set<String> URL_OPTIONS = Set.of("applicationName", "application_name");

  private final String host;
  private final int port;
  private final String database;
  private final String user;
  private final String password;
  private final String applicationName;
  private final int poolSize;
  private final int minIdle;
  private final Duration acquireTimeout;
  private final Duration maxIdleTime;
  private final Duration maxLifetime;
  private final ValidationDepth validation;
  private final Duration statementTimeout;
  private final Duration connectTimeout;
  private final @Nullable LoopResources loopResources;
  private final int eventLoopThreads;
  private final int minFetchSize;
  private final int maxFetchSize;
  private final Scheduler blockingScheduler;
  private final Duration listenMinBackoff;
  private final Duration listenMaxBackoff;
  private final int listenBufferSize;
  private final String poolName;
  private final int sharedConnections;
  private final boolean pipelining;

  private DatabaseOptions(Builder b) {
    this.host = b.host;
    this.port = b.port;
    this.database = b.database;
    this.user = b.user;
    this.password = b.password;
    this.applicationName = b.applicationName;
    this.poolSize = b.poolSize;
    this.minIdle = b.minIdle;
    this.acquireTimeout = b.acquireTimeout;
    this.maxIdleTime = b.maxIdleTime;
    this.maxLifetime = b.maxLifetime;
    this.validation = b.validation;
    this.statementTimeout = b.statementTimeout;
    this.connectTimeout = b.connectTimeout;
    this.loopResources = b.loopResources;
    this.eventLoopThreads = b.eventLoopThreads;
    this.minFetchSize = b.minFetchSize;
    this.maxFetchSize = b.maxFetchSize;
    this.blockingScheduler = b.blockingScheduler;
    this.listenMinBackoff = b.listenMinBackoff;
    this.listenMaxBackoff = b.listenMaxBackoff;
    this.listenBufferSize = b.listenBufferSize;
    this.poolName = b.poolName;
    this.sharedConnections = b.sharedConnections;
    this.pipelining = b.pipelining;
  }

  /** Returns a builder with every default. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder filled from a URL: {@code r2dbc:postgresql://user:password@host:port/db},
   * {@code postgresql://...} or {@code postgres://...}. The only query option understood is {@code
   * applicationName}; anything else is rejected so that a misspelt option is not ignored.
   *
   * @throws IllegalArgumentException if the URL is malformed or has an unknown option
   */
  public static Builder fromUrl(String url) {
    Objects.requireNonNull(url, "url");
    String r2dbcUrl = url;
    if (url.startsWith("postgresql://") || url.startsWith("postgres://")) {
      r2dbcUrl = "r2dbc:postgresql://" + url.substring(url.indexOf("://") + 3);
    }
    if (!r2dbcUrl.startsWith("r2dbc:postgresql://")) {
      throw new IllegalArgumentException(
          "url must start with r2dbc:postgresql://, postgresql:// or postgres://, was '"
              + redact(url)
              + "'");
    }
    ConnectionFactoryOptions parsed;
    try {
      parsed = ConnectionFactoryOptions.parse(r2dbcUrl);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "url is malformed: '" + redact(url) + "': " + e.getMessage(), e);
    }
    Builder builder = new Builder();
    Object host = parsed.getValue(ConnectionFactoryOptions.HOST);
    if (host != null) {
      builder.host(host.toString());
    }
    Object port = parsed.getValue(ConnectionFactoryOptions.PORT);
    if (port != null) {
      builder.port(Integer.parseInt(port.toString()));
    }
    Object db = parsed.getValue(ConnectionFactoryOptions.DATABASE);
    if (db != null && !db.toString().isEmpty()) {
      builder.database(db.toString());
    }
    Object user = parsed.getValue(ConnectionFactoryOptions.USER);
    if (user != null) {
      builder.user(user.toString());
    }
    Object password = parsed.getValue(ConnectionFactoryOptions.PASSWORD);
    if (password != null) {
      builder.password(password.toString());
    }
    int query = r2dbcUrl.indexOf('?');
    if (query >= 0) {
      for (String pair : r2dbcUrl.substring(query + 1).split("&", -1)) {
        String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
        if (name.isEmpty()) {
          continue;
        }
        if (!URL_OPTIONS.contains(name)) {
          throw new IllegalArgumentException(
              "url option '" + name + "' is not supported; supported: applicationName");
        }
        Object value = parsed.getValue(Option.valueOf(name));
        if (value != null) {
          builder.applicationName(value.toString());
        }
      }
    }
    return builder;
  }

  private static String redact(String url) {
    return url.replaceAll("://([^:@/]*):[^@/]*@", "://$1:***@");
  }

  /** Returns a builder holding these options. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Returns the server's host name or address. */
  public String host() {
    return host;
  }

  /** Returns the server's port. */
  public int port() {
    return port;
  }

  /** Returns the database name. */
  public String database() {
    return database;
  }

  /** Returns the role to log in as. */
  public String user() {
    return user;
  }

  /** Returns the password, empty for none. */
  public String password() {
    return password;
  }

  /** Returns the {@code application_name} the connections report. */
  public String applicationName() {
    return applicationName;
  }

  /** Returns the most connections the pool opens. */
  public int poolSize() {
    return poolSize;
  }

  /** Returns the connections the pool keeps open even when idle. */
  public int minIdle() {
    return minIdle;
  }

  /** Returns how long a caller waits for a pooled connection. */
  public Duration acquireTimeout() {
    return acquireTimeout;
  }

  /** Returns how long an idle connection stays open. */
  public Duration maxIdleTime() {
    return maxIdleTime;
  }

  /** Returns how long a connection lives at most. */
  public Duration maxLifetime() {
    return maxLifetime;
  }

  /** Returns how a connection is checked when it leaves the pool. */
  public ValidationDepth validation() {
    return validation;
  }

  /** Returns the server-side statement timeout, {@link Duration#ZERO} for none. */
  public Duration statementTimeout() {
    return statementTimeout;
  }

  /** Returns the TCP connect timeout. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** Returns the event loops the connections run on, or {@code null} for the database's own. */
  public @Nullable LoopResources loopResources() {
    return loopResources;
  }

  /** Returns the number of threads of the database's own event loops. */
  public int eventLoopThreads() {
    return eventLoopThreads;
  }

  /** Returns the smallest number of rows one fetch asks for. */
  public int minFetchSize() {
    return minFetchSize;
  }

  /** Returns the largest number of rows one fetch asks for. */
  public int maxFetchSize() {
    return maxFetchSize;
  }

  /** Returns the scheduler blocking work (migrations) runs on. */
  public Scheduler blockingScheduler() {
    return blockingScheduler;
  }

  /** Returns the first delay before the listener reconnects. */
  public Duration listenMinBackoff() {
    return listenMinBackoff;
  }

  /** Returns the longest delay between the listener's reconnection attempts. */
  public Duration listenMaxBackoff() {
    return listenMaxBackoff;
  }

  /** Returns how many notifications one slow subscriber may fall behind. */
  public int listenBufferSize() {
    return listenBufferSize;
  }

  /** Returns the pool's name, used in metrics and thread names. */
  public String poolName() {
    return poolName;
  }

  /**
   * Returns how many pooled connections single-round-trip statements outside transactions share, 0
   * when each statement borrows a connection of its own.
   */
  public int sharedConnections() {
    return sharedConnections;
  }

  /**
   * Returns whether statements on {@link #sharedConnections() shared connections} are pipelined:
   * sent without waiting for the answers of the statements before them.
   */
  public boolean pipelining() {
    return pipelining;
  }

  /** Returns a JDBC URL for the same server and database, without credentials. */
  public String jdbcUrl() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return "jdbc:postgresql://" + h + ":" + port + "/" + database;
  }

  @Override
  public String toString() {
    return "DatabaseOptions["
        + user
        + "@"
        + host
        + ":"
        + port
        + "/"
        + database
        + ", pool "
        + poolSize
        + ", acquireTimeout "
        + acquireTimeout
        + ", fetch "
        + minFetchSize
        + ".."
        + maxFetchSize
        + "]";
  }

  /** A mutable builder of {@link DatabaseOptions}; every setter validates its argument. */
  public static final class Builder {

    private String host = "localhost";
    private int port = DEFAULT_PORT;
    private String database = "postgres";
    private String user = "postgres";
    private String password = "";
    private String applicationName = "sluice";
    private int poolSize = DEFAULT_POOL_SIZE;
    private int minIdle = 0;
    private Duration acquireTimeout = Duration.ofSeconds(10);
    private Duration maxIdleTime = Duration.ofMinutes(10);
    private Duration maxLifetime = Duration.ofMinutes(30);
    private ValidationDepth validation = ValidationDepth.LOCAL;
    private Duration statementTimeout = Duration.ZERO;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private @Nullable LoopResources loopResources;
    private int eventLoopThreads = Math.max(1, Runtime.getRuntime().availableProcessors());
    private int minFetchSize = DEFAULT_MIN_FETCH_SIZE;
    private int maxFetchSize = DEFAULT_MAX_FETCH_SIZE;
    private Scheduler blockingScheduler = Schedulers.boundedElastic();
    private Duration listenMinBackoff = Duration.ofMillis(100);
    private Duration listenMaxBackoff = Duration.ofSeconds(10);
    private int listenBufferSize = DEFAULT_LISTEN_BUFFER_SIZE;
    private String poolName = "sluice-db";
    private int sharedConnections = 0;
    private boolean pipelining = true;

    private Builder() {}

    private Builder(DatabaseOptions o) {
      host = o.host;
      port = o.port;
      database = o.database;
      user = o.user;
      password = o.password;
      applicationName = o.applicationName;
      poolSize = o.poolSize;
      minIdle = o.minIdle;
      acquireTimeout = o.acquireTimeout;
      maxIdleTime = o.maxIdleTime;
      maxLifetime = o.maxLifetime;
      validation = o.validation;
      statementTimeout = o.statementTimeout;
      connectTimeout = o.connectTimeout;
      loopResources = o.loopResources;
      eventLoopThreads = o.eventLoopThreads;
      minFetchSize = o.minFetchSize;
      maxFetchSize = o.maxFetchSize;
      blockingScheduler = o.blockingScheduler;
      listenMinBackoff = o.listenMinBackoff;
      listenMaxBackoff = o.listenMaxBackoff;
      listenBufferSize = o.listenBufferSize;
      poolName = o.poolName;
      sharedConnections = o.sharedConnections;
      pipelining = o.pipelining;
    }

    /** Sets the server's host name or address. Default {@code localhost}. */
    public Builder host(String host) {
      this.host = nonBlank(host, "host");
      return this;
    }

    /** Sets the server's port, 1 to 65535. Default {@value DatabaseOptions#DEFAULT_PORT}. */
    public Builder port(int port) {
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port must be in 1..65535, was " + port);
      }
      this.port = port;
      return this;
    }

    /** Sets the database name. Default {@code postgres}. */
    public Builder database(String database) {
      this.database = nonBlank(database, "database");
      return this;
    }

    /** Sets the role to log in as. Default {@code postgres}. */
    public Builder user(String user) {
      this.user = nonBlank(user, "user");
      return this;
    }

    /** Sets the password; empty for none (trust or peer authentication). Default empty. */
    public Builder password(String password) {
      this.password = Objects.requireNonNull(password, "password");
      return this;
    }

    /**
     * Sets the {@code application_name} shown in {@code pg_stat_activity}. Default {@code sluice}.
     */
    public Builder applicationName(String applicationName) {
      this.applicationName = nonBlank(applicationName, "applicationName");
      return this;
    }

    /**
     * Sets the most connections the pool opens, at least 1. Default {@value
     * DatabaseOptions#DEFAULT_POOL_SIZE}. Past it, callers wait up to {@link #acquireTimeout}.
     */
    public Builder poolSize(int poolSize) {
      if (poolSize < 1) {
        throw new IllegalArgumentException("poolSize must be >= 1, was " + poolSize);
      }
      this.poolSize = poolSize;
      return this;
    }

    /** Sets the connections kept open even when idle, 0 to {@code poolSize}. Default 0. */
    public Builder minIdle(int minIdle) {
      if (minIdle < 0) {
        throw new IllegalArgumentException("minIdle must be >= 0, was " + minIdle);
      }
      this.minIdle = minIdle;
      return this;
    }

    /**
     * Sets how long a caller waits for a pooled connection, positive. Default 10 seconds. Past it
     * the call fails with {@link ConnectionAcquireTimeoutException}, which carries the pool's
     * state.
     */
    public Builder acquireTimeout(Duration acquireTimeout) {
      this.acquireTimeout = positive(acquireTimeout, "acquireTimeout");
      return this;
    }

    /** Sets how long an idle connection stays open, positive. Default 10 minutes. */
    public Builder maxIdleTime(Duration maxIdleTime) {
      this.maxIdleTime = positive(maxIdleTime, "maxIdleTime");
      return this;
    }

    /** Sets how long a connection lives before the pool replaces it, positive. Default 30 min. */
    public Builder maxLifetime(Duration maxLifetime) {
      this.maxLifetime = positive(maxLifetime, "maxLifetime");
      return this;
    }

    /**
     * Sets how a connection is checked when it leaves the pool: {@link ValidationDepth#LOCAL} (the
     * socket is open; free) or {@link ValidationDepth#REMOTE} (a round trip). Default LOCAL.
     */
    public Builder validation(ValidationDepth validation) {
      this.validation = Objects.requireNonNull(validation, "validation");
      return this;
    }

    /**
     * Sets the server-side {@code statement_timeout}; a statement running longer fails with {@link
     * QueryCanceledException}. {@link Duration#ZERO} for none, the default.
     */
    public Builder statementTimeout(Duration statementTimeout) {
      Objects.requireNonNull(statementTimeout, "statementTimeout");
      if (statementTimeout.isNegative()) {
        throw new IllegalArgumentException(
            "statementTimeout must be >= 0, was " + statementTimeout);
      }
      this.statementTimeout = statementTimeout;
      return this;
    }

    /** Sets the TCP connect timeout, positive. Default 10 seconds. */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = positive(connectTimeout, "connectTimeout");
      return this;
    }

    /**
     * Runs the connections on these event loops, which the caller owns and disposes. By default the
     * database creates its own ({@link #eventLoopThreads}), named {@code <poolName>-nio-N}, so that
     * database traffic never shares a thread with an HTTP server's loops, and disposes them on
     * {@link Database#close()}.
     */
    public Builder loopResources(LoopResources loopResources) {
      this.loopResources = Objects.requireNonNull(loopResources, "loopResources");
      return this;
    }

    /**
     * Lets statements outside a transaction whose whole result comes back in one round trip ({@link
     * MappedQuery#one()}, {@link Query#rowsUpdated()}) share {@code connections} pooled connections
     * instead of borrowing one each, 0 to turn sharing off (the default). Each shared connection is
     * taken from the pool on first use and kept until {@link Database#close()}; the statements of
     * concurrent callers are queued on it without going through the pool and, with {@link
     * #pipelining} (the default), sent without waiting for the answers of those before them. Must
     * be smaller than {@link #poolSize}: streams ({@link MappedQuery#all()}), COPY, batches and
     * transactions still borrow connections of their own.
     *
     * <p>What changes for a shared statement: it waits behind the statements queued before it on
     * its connection, so one slow statement delays the others queued there; cancelling it does not
     * send a CancelRequest (that would hit whichever statement the server runs then): the driver
     * reads and discards its result instead. A connection that fails is closed and replaced on the
     * next use; the statements queued on it fail with the connection error.
     */
    public Builder sharedConnections(int connections) {
      if (connections < 0) {
        throw new IllegalArgumentException("sharedConnections must be >= 0, was " + connections);
      }
      this.sharedConnections = connections;
      return this;
    }

    /**
     * Whether statements on {@link #sharedConnections shared connections} are pipelined. Default
     * {@code true}; without shared connections it changes nothing.
     *
     * <p>Pipelined, a statement ({@link MappedQuery#one()}, and {@link Query#rowsUpdated()} with at
     * least one parameter) is written as soon as it is subscribed, while the statements before it
     * on its connection are still being answered: one connection carries many statements per round
     * trip, where the driver's own path waits for each statement's answer before writing the next.
     * Each SQL text is prepared once per shared connection (up to {@value
     * io.sluice.db.internal.PipelinedConnection#MAX_PREPARED} of them, then parsed each time), and
     * prepared again transparently if a schema change made it stale. The SQL must hold a single
     * statement. {@code false} sends shared statements through the driver's own path, one per round
     * trip per connection.
     */
    public Builder pipelining(boolean pipelining) {
      this.pipelining = pipelining;
      return this;
    }

    /** Sets the number of threads of the database's own event loops, at least 1. Default: cores. */
    public Builder eventLoopThreads(int eventLoopThreads) {
      if (eventLoopThreads < 1) {
        throw new IllegalArgumentException(
            "eventLoopThreads must be >= 1, was " + eventLoopThreads);
      }
      this.eventLoopThreads = eventLoopThreads;
      return this;
    }

    /**
     * Sets the smallest fetch size in rows, at least 1. Default {@value
     * DatabaseOptions#DEFAULT_MIN_FETCH_SIZE}. A streaming query fetches its subscriber's first
     * request, but never fewer rows than this, so that one-at-a-time requesters do not pay a round
     * trip per row.
     */
    public Builder minFetchSize(int minFetchSize) {
      if (minFetchSize < 1) {
        throw new IllegalArgumentException("minFetchSize must be >= 1, was " + minFetchSize);
      }
      this.minFetchSize = minFetchSize;
      return this;
    }

    /**
     * Sets the largest fetch size in rows, at least 1. Default {@value
     * DatabaseOptions#DEFAULT_MAX_FETCH_SIZE}. It bounds the rows one round trip brings, and so the
     * memory a stream holds, even for a subscriber requesting {@code Long.MAX_VALUE}.
     */
    public Builder maxFetchSize(int maxFetchSize) {
      if (maxFetchSize < 1) {
        throw new IllegalArgumentException("maxFetchSize must be >= 1, was " + maxFetchSize);
      }
      this.maxFetchSize = maxFetchSize;
      return this;
    }

    /**
     * Sets the scheduler for blocking work: migrations through JDBC. Default {@link
     * Schedulers#boundedElastic()}.
     */
    public Builder blockingScheduler(Scheduler blockingScheduler) {
      this.blockingScheduler = Objects.requireNonNull(blockingScheduler, "blockingScheduler");
      return this;
    }

    /**
     * Sets the listener's reconnection backoff: the first delay, doubling up to the longest.
     * Defaults 100 ms and 10 s. The listener retries for as long as it has subscribers.
     */
    public Builder listenBackoff(Duration min, Duration max) {
      positive(min, "listenMinBackoff");
      positive(max, "listenMaxBackoff");
      if (max.compareTo(min) < 0) {
        throw new IllegalArgumentException(
            "listenMaxBackoff must be >= listenMinBackoff, was " + max + " < " + min);
      }
      this.listenMinBackoff = min;
      this.listenMaxBackoff = max;
      return this;
    }

    /**
     * Sets how many notifications a slow {@link Database#listen(String)} subscriber may fall
     * behind, at least 1. Default {@value DatabaseOptions#DEFAULT_LISTEN_BUFFER_SIZE}. Past it that
     * subscriber fails with an {@link IllegalStateException}; the others go on.
     */
    public Builder listenBufferSize(int listenBufferSize) {
      if (listenBufferSize < 1) {
        throw new IllegalArgumentException(
            "listenBufferSize must be >= 1, was " + listenBufferSize);
      }
      this.listenBufferSize = listenBufferSize;
      return this;
    }

    /** Sets the pool's name, used in metrics tags and thread names. Default {@code sluice-db}. */
    public Builder poolName(String poolName) {
      this.poolName = nonBlank(poolName, "poolName");
      return this;
    }

    /**
     * Returns the options.
     *
     * @throws IllegalArgumentException if settings contradict each other
     */
    public DatabaseOptions build() {
      if (sharedConnections >= poolSize) {
        throw new IllegalArgumentException(
            "sharedConnections must be < poolSize (streams, COPY and transactions need a"
                + " connection of their own), was "
                + sharedConnections
                + " >= "
                + poolSize);
      }
      if (minIdle > poolSize) {
        throw new IllegalArgumentException(
            "minIdle must be <= poolSize, was " + minIdle + " > " + poolSize);
      }
      if (minFetchSize > maxFetchSize) {
        throw new IllegalArgumentException(
            "minFetchSize must be <= maxFetchSize, was " + minFetchSize + " > " + maxFetchSize);
      }
      return new DatabaseOptions(this);
    }

    private static String nonBlank(String value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isBlank()) {
        throw new IllegalArgumentException(name + " must not be blank");
      }
      return value;
    }

    private static Duration positive(Duration value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, was " + value);
      }
      return value;
    }
  }
}
