package io.sluice.net.http.client;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRoutes;

/** A bare Reactor Netty server on a loopback port, counting the TCP connections it accepts. */
final class LoopbackHttpServer implements AutoCloseable {

  final AtomicInteger connections = new AtomicInteger();
  private final DisposableServer server;

  LoopbackHttpServer(Consumer<? super HttpServerRoutes> routes) {
    this(HttpServer.create(), routes);
  }

  LoopbackHttpServer(HttpServer base, Consumer<? super HttpServerRoutes> routes) {
    this.server =
        base.host("127.0.0.1")
            .port(0)
            .doOnChannelInit((observer, channel, remote) -> connections.incrementAndGet())
            .route(routes)
            .bindNow(Duration.ofSeconds(10));
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.port();
  }

  int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.disposeNow(Duration.ofSeconds(5));
  }
}
