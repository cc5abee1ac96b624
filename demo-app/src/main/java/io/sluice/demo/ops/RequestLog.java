package io.sluice.demo.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sluice.net.http.AccessLogEntry;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each finished request to the logger {@code io.sluice.demo.access} with structured fields
 * ({@code method}, {@code uri}, {@code status}, {@code bytes}, {@code durationMs}, {@code client},
 * {@code completed}) and times it in the {@code http.server.requests} timer (tags {@code method},
 * {@code status}, {@code outcome}). Headers are never logged, so neither is the bearer token.
 *
 * <p>Runs on the event loop: the logging configuration hands lines to an asynchronous appender that
 * drops rather than blocks when its queue is full.
 */
public final class RequestLog implements Consumer<AccessLogEntry> {

  private static final Logger LOG = LoggerFactory.getLogger("io.sluice.demo.access");

  private final MeterRegistry registry;

  /**
   * A request log timing requests in the given registry.
   *
   * @param registry the registry for the request timer
   */
  public RequestLog(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void accept(AccessLogEntry entry) {
    Timer.builder("http.server.requests")
        .description("HTTP requests, from request head to end of response")
        .tag("method", entry.method())
        .tag("status", Integer.toString(entry.status()))
        .tag("outcome", outcome(entry))
        .register(registry)
        .record(entry.duration());
    if (LOG.isInfoEnabled()) {
      LOG.atInfo()
          .addKeyValue("method", entry.method())
          .addKeyValue("uri", entry.uri())
          .addKeyValue("status", entry.status())
          .addKeyValue("bytes", entry.bytesSent())
          .addKeyValue("durationMs", entry.duration().toMillis())
          .addKeyValue(
              "client",
              entry.remoteAddress() == null
                  ? "-"
                  : entry.remoteAddress().getAddress().getHostAddress())
          .addKeyValue("completed", entry.completed())
          .log("{} {} {}", entry.method(), entry.uri(), entry.status());
    }
  }

  private static String outcome(AccessLogEntry entry) {
    if (!entry.completed()) {
      return "INCOMPLETE";
    }
    int status = entry.status();
    return status < 400 ? "SUCCESS" : status < 500 ? "CLIENT_ERROR" : "SERVER_ERROR";
  }
}
