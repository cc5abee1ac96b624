package io.sluice.db.internal;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.sluice.db.DatabaseOptions;
import reactor.netty.resources.LoopResources;

/**
 * Builds the driver's connection factory and the r2dbc-pool over it from {@link DatabaseOptions}.
 */
public final class ConnectionPools {

  private ConnectionPools() {}

  /** Returns a connection factory whose connections run on {@code loops}. */
  public static PostgresqlConnectionFactory connectionFactory(
      DatabaseOptions options, LoopResources loops) {
    PostgresqlConnectionConfiguration.Builder builder =
        PostgresqlConnectionConfiguration.builder()
            .host(options.host())
            .port(options.port())
            .database(options.database())
            .username(options.user())
            .applicationName(options.applicationName())
            .connectTimeout(options.connectTimeout())
            .loopResources(loops);
    if (!options.password().isEmpty()) {
      builder.password(options.password());
    }
    if (!options.statementTimeout().isZero()) {
      builder.statementTimeout(options.statementTimeout());
    }
    return new PostgresqlConnectionFactory(builder.build());
  }

  /** Returns a pool over {@code factory}. */
  public static ConnectionPool pool(PostgresqlConnectionFactory factory, DatabaseOptions options) {
    ConnectionPoolConfiguration configuration =
        ConnectionPoolConfiguration.builder(factory)
            .name(options.poolName())
            .initialSize(options.minIdle())
            .minIdle(options.minIdle())
            .maxSize(options.poolSize())
            .maxAcquireTime(options.acquireTimeout())
            .maxCreateConnectionTime(options.connectTimeout())
            .maxIdleTime(options.maxIdleTime())
            .maxLifeTime(options.maxLifetime())
            .validationDepth(options.validation())
            .acquireRetry(1)
            .build();
    return new ConnectionPool(configuration);
  }
}
