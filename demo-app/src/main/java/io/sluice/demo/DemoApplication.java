package io.sluice.demo;

import io.netty.handler.codec.http.HttpHeaderNames;
import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Starts the demo app. Until the telemetry hub lands, this is a placeholder page on {@code $PORT}
 * (default 8080) with a {@code /health} endpoint.
 */
public final class DemoApplication {

  private DemoApplication() {}

  /**
   * Starts the server and serves until the JVM is stopped.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
    DisposableServer server =
        HttpServer.create()
            .port(port)
            .route(
                routes ->
                    routes
                        .get(
                            "/",
                            (request, response) ->
                                response
                                    .header(
                                        HttpHeaderNames.CONTENT_TYPE, "text/html; charset=utf-8")
                                    .sendString(
                                        Mono.just(
                                            "<!doctype html><title>Sluice demo</title>"
                                                + "<h1>Sluice demo</h1><p>The telemetry hub is on its way.</p>")))
                        .get(
                            "/health",
                            (request, response) ->
                                response
                                    .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                                    .sendString(Mono.just("{\"status\":\"UP\"}"))))
            .bindNow(Duration.ofSeconds(10));
    System.out.println("Sluice demo listening on http://localhost:" + server.port() + "/");
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> server.disposeNow(Duration.ofSeconds(5))));
    server.onDispose().block();
  }
}
