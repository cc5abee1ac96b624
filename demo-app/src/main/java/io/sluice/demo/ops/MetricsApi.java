package io.sluice.demo.ops;

import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.netty4.NettyEventExecutorMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.db.Database;
import io.sluice.db.DatabaseMeters;
import io.sluice.net.http.Routes;
import io.sluice.net.http.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.netty.http.HttpResources;

/**
 * {@code GET /metrics}: every meter in the Prometheus text format. Registers the database pool
 * gauges ({@code sluice_db_pool_*}), the HTTP event loops' pending tasks ({@code
 * netty_eventexecutor_tasks_pending}, one series per loop), JVM memory and thread meters; the
 * request log adds {@code http_server_requests_seconds} and the streams add {@code
 * sluice_demo_streams_in_flight}.
 */
public final class MetricsApi {

  private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;

  /**
   * Metrics of the given database in the given registry.
   *
   * @param registry the registry to scrape
   * @param database the database whose pool is measured
   */
  public MetricsApi(PrometheusMeterRegistry registry, Database database) {
    this.registry = registry;
    DatabaseMeters.of(database).bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    // The server runs on Reactor Netty's shared loops: one pending-task gauge per event loop.
    new NettyEventExecutorMetrics(HttpResources.get().onServer(true)).bindTo(registry);
  }

  /**
   * Adds {@code /metrics}.
   *
   * @param routes the table so far
   * @return the table with the metrics route
   */
  public Routes register(Routes routes) {
    return routes.get(
        "/metrics",
        request ->
            Mono.fromSupplier(
                () -> ServerResponse.text(registry.scrape()).withContentType(CONTENT_TYPE)));
  }
}
