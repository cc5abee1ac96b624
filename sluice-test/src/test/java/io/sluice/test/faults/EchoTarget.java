package io.sluice.test.faults;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.netty.DisposableServer;
import reactor.netty.tcp.TcpServer;

/** A Reactor Netty server on loopback that echoes every byte and counts accepted connections. */
final class EchoTarget implements AutoCloseable {

  private final AtomicInteger accepted = new AtomicInteger();
  private final DisposableServer server;

  EchoTarget() {
    server =
        TcpServer.create()
            .host("127.0.0.1")
            .port(0)
            .doOnConnection(connection -> accepted.incrementAndGet())
            .handle((in, out) -> out.send(in.receive().retain()))
            .bindNow(Duration.ofSeconds(10));
  }

  int port() {
    return server.port();
  }

  int accepted() {
    return accepted.get();
  }

  @Override
  public void close() {
    server.disposeNow(Duration.ofSeconds(10));
  }
}
