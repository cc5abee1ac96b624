package io.sluice.demo;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.db.Database;
import io.sluice.db.DatabaseOptions;
import io.sluice.demo.live.LiveFeed;
import io.sluice.demo.ops.BearerGuard;
import io.sluice.demo.ops.HealthApi;
import io.sluice.demo.ops.MetricsApi;
import io.sluice.demo.ops.RequestLog;
import io.sluice.demo.ops.StreamGauge;
import io.sluice.demo.readings.ReadingStore;
import io.sluice.demo.readings.ReadingsApi;
import io.sluice.net.http.HttpServer;
import io.sluice.net.http.Routes;
import io.sluice.net.http.RunningHttpServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wires the demo's features into one HTTP server: each feature is built from what it needs and adds
 * its routes.
 */
public final class Demo {

  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

  /** How long a handler may take to start its response, 10 minutes. */
  static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(10);

  private Demo() {}

  /**
   * Starts the demo: creates the database if missing, migrates it, starts the live feed and binds
   * the HTTP server. Blocks until it is serving; call it from {@code main} or a test, never from an
   * event loop.
   *
   * @param config the configuration
   * @return the running demo
   * @throws RuntimeException if the database cannot be reached or the port bound; nothing stays
   *     open then
   */
  public static RunningDemo start(DemoConfig config) {
    Objects.requireNonNull(config, "config");
    DatabaseOptions options =
        DatabaseOptions.fromUrl(config.databaseUrl())
            .poolSize(config.dbPoolSize())
            .applicationName("sluice-demo")
            .build();
    DatabaseBootstrap.createIfMissing(options).block(STARTUP_TIMEOUT);
    Database database = Database.create(options);
    List<Mono<Void>> closers = new ArrayList<>();
    try {
      database.migrate("classpath:db/migration").block(STARTUP_TIMEOUT);
      JsonMapper json = JsonMapper.shared();
      PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      BearerGuard guard = new BearerGuard(config.apiToken());
      ReadingStore readings = new ReadingStore(database);
      StreamGauge streams = new StreamGauge(metrics);
      LiveFeed live = LiveFeed.start(database, readings, json).block(STARTUP_TIMEOUT);
      Objects.requireNonNull(live, "live feed");
      closers.add(live.stop());

      Routes routes = Routes.create();
      routes = new HealthApi(database).register(routes);
      routes = new MetricsApi(metrics, database).register(routes);
      routes =
          new ReadingsApi(readings, guard, json, streams, config.maxUploadSize()).register(routes);
      routes = live.register(routes, streams);

      RunningHttpServer server =
          HttpServer.create()
              .port(config.port())
              .serverName("sluice-demo")
              // A bulk upload answers once every line is stored: minutes for millions of lines.
              .requestTimeout(REQUEST_TIMEOUT)
              .jsonMapper(json)
              .routes(routes)
              .accessLog(new RequestLog(metrics))
              .bindNow(Duration.ofSeconds(10));
      return new RunningDemo(server, database, closers);
    } catch (RuntimeException e) {
      for (var closer : closers) {
        closer.onErrorResume(x -> Mono.empty()).block(STARTUP_TIMEOUT);
      }
      database.close().onErrorResume(x -> Mono.empty()).block(STARTUP_TIMEOUT);
      throw e;
    }
  }
}
