package io.sluice.demo;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.db.Database;
import io.sluice.db.DatabaseOptions;
import io.sluice.demo.files.DataDirectories;
import io.sluice.demo.files.Exporter;
import io.sluice.demo.files.ExportsApi;
import io.sluice.demo.files.Importer;
import io.sluice.demo.files.ImportsApi;
import io.sluice.demo.files.InboxWatcher;
import io.sluice.demo.files.InstanceLock;
import io.sluice.demo.live.LiveFeed;
import io.sluice.demo.ops.BearerGuard;
import io.sluice.demo.ops.HealthApi;
import io.sluice.demo.ops.MetricsApi;
import io.sluice.demo.ops.RateLimiter;
import io.sluice.demo.ops.RequestLog;
import io.sluice.demo.ops.StreamGauge;
import io.sluice.demo.readings.ReadingStore;
import io.sluice.demo.readings.ReadingsApi;
import io.sluice.demo.stations.RegistryClient;
import io.sluice.demo.stations.StandInRegistry;
import io.sluice.demo.stations.StationSummaries;
import io.sluice.demo.stations.StationsApi;
import io.sluice.demo.web.WebPage;
import io.sluice.net.ServerTls;
import io.sluice.net.http.HttpServer;
import io.sluice.net.http.Routes;
import io.sluice.net.http.RunningHttpServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wires the demo's features into one HTTP server: each feature is built from what it needs and adds
 * its routes.
 */
public final class Demo {

  private static final Logger LOG = LoggerFactory.getLogger(Demo.class);

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
    return start(config, SecurityConfig.defaults());
  }

  /**
   * Starts the demo with edge settings: the write rate limit and, when configured, TLS.
   *
   * @param config the configuration
   * @param security the rate limit and TLS settings
   * @return the running demo
   * @throws RuntimeException as {@link #start(DemoConfig)}, and if the TLS files cannot be read
   */
  public static RunningDemo start(DemoConfig config, SecurityConfig security) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(security, "security");
    DatabaseOptions options =
        DatabaseOptions.fromUrl(config.databaseUrl())
            .poolSize(config.dbPoolSize())
            .applicationName("sluice-demo")
            .build();
    DatabaseBootstrap.createIfMissing(options)
        .onErrorResume(
            error -> {
              // Maybe no CREATEDB right or no "postgres" database: the database may exist anyway.
              LOG.warn("Could not check or create database '{}'", options.database(), error);
              return Mono.empty();
            })
        .block(STARTUP_TIMEOUT);
    Database database = Database.create(options);
    List<Mono<Void>> closers = new ArrayList<>();
    try {
      database.migrate("classpath:db/migration").block(STARTUP_TIMEOUT);
      JsonMapper json = JsonMapper.shared();
      PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      BearerGuard guard =
          security.rateLimit() == 0
              ? new BearerGuard(config.apiToken())
              : new BearerGuard(config.apiToken(), new RateLimiter(security.rateLimit()));
      ReadingStore readings = new ReadingStore(database);
      StreamGauge streams = new StreamGauge(metrics);
      LiveFeed live = LiveFeed.start(database, readings, json).block(STARTUP_TIMEOUT);
      Objects.requireNonNull(live, "live feed");
      closers.add(live.stop());

      Routes routes = Routes.create();
      HealthApi health = new HealthApi(database);
      closers.add(health.close());
      routes = health.register(routes);
      routes = new MetricsApi(metrics, database).register(routes);
      routes =
          new ReadingsApi(readings, guard, json, streams, config.maxUploadSize()).register(routes);
      routes = live.register(routes, streams);
      routes = stations(config, database, closers).register(routes);
      routes = files(config, database, readings, json, guard, closers).register(routes);
      routes = WebPage.load().register(routes);

      HttpServer http =
          HttpServer.create()
              .port(config.port())
              .serverName("sluice-demo")
              // A bulk upload answers once every line is stored: minutes for millions of lines.
              .requestTimeout(REQUEST_TIMEOUT)
              .jsonMapper(json)
              .routes(routes)
              .accessLog(new RequestLog(metrics));
      Path certificate = security.tlsCertificate();
      Path key = security.tlsKey();
      if (certificate != null && key != null) {
        http = http.tls(ServerTls.fromPem(certificate, key));
      }
      RunningHttpServer server = http.bindNow(Duration.ofSeconds(10));
      return new RunningDemo(server, database, closers, security.tls());
    } catch (RuntimeException e) {
      for (var closer : closers) {
        closer.onErrorResume(x -> Mono.empty()).block(STARTUP_TIMEOUT);
      }
      database.close().onErrorResume(x -> Mono.empty()).block(STARTUP_TIMEOUT);
      throw e;
    }
  }

  private static StationsApi stations(
      DemoConfig config, Database database, List<Mono<Void>> closers) {
    String registryUrl = config.registryUrl();
    if (registryUrl == null) {
      StandInRegistry standIn =
          Objects.requireNonNull(StandInRegistry.start().block(STARTUP_TIMEOUT), "stand-in");
      closers.add(standIn.stop(Duration.ofSeconds(1)));
      registryUrl = standIn.url();
    }
    RegistryClient registry =
        RegistryClient.create(
            registryUrl, config.registryTimeout(), RegistryClient.defaultBreakerConfig());
    closers.add(registry.close());
    return new StationsApi(new StationSummaries(database, Clock.systemUTC()), registry);
  }

  /** The inbox watcher, imports and exports; returns a registrar adding their routes. */
  private static RoutesRegistrar files(
      DemoConfig config,
      Database database,
      ReadingStore readings,
      JsonMapper json,
      BearerGuard guard,
      List<Mono<Void>> closers) {
    DataDirectories directories = DataDirectories.under(config.dataDir());
    directories.create().block(STARTUP_TIMEOUT);
    InstanceLock lock =
        Objects.requireNonNull(
            InstanceLock.acquire(database.options()).block(STARTUP_TIMEOUT), "instance lock");
    Importer importer = Importer.start(database, readings, json, directories, lock);
    closers.add(importer.stop());
    Exporter exporter = Exporter.start(database, readings, json, directories, lock);
    closers.add(exporter.stop());
    // After the jobs: they record this owner until they are cancelled.
    closers.add(lock.release());
    // Jobs of instances that died are queued again before new files are picked up.
    Integer resumedImports = importer.resume().block(STARTUP_TIMEOUT);
    Integer resumedExports = exporter.resume().block(STARTUP_TIMEOUT);
    if (resumedImports != null && resumedExports != null && resumedImports + resumedExports > 0) {
      LOG.info(
          "Took over {} imports and {} exports left unfinished by a stopped instance",
          resumedImports,
          resumedExports);
    }
    InboxWatcher watcher =
        InboxWatcher.start(directories.inbox(), importer, InboxWatcher.DEFAULT_SETTLE);
    closers.add(0, watcher.stop());
    ImportsApi imports = new ImportsApi(importer, directories, guard);
    ExportsApi exports = new ExportsApi(exporter, guard);
    return routes -> exports.register(imports.register(routes));
  }

  /** Adds a feature's routes to a table. */
  @FunctionalInterface
  private interface RoutesRegistrar {
    Routes register(Routes routes);
  }
}
