package io.sluice.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.epoll.Epoll;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.tcp.TcpClient;
import reactor.netty.tcp.TcpServer;
import reactor.test.StepVerifier;

class EventLoopsTests {

  @Test
  void defaultsToOneLoopPerProcessorAndNativeWhenAvailable() {
    EventLoops loops = EventLoops.create();
    try {
      assertThat(loops.loops()).isEqualTo(Runtime.getRuntime().availableProcessors());
      assertThat(loops.isNative()).isEqualTo(Epoll.isAvailable());
      assertThat(loops.threadNamePrefix()).isEqualTo("sluice");
    } finally {
      loops.dispose();
    }
  }

  @Test
  void connectionsRunOnTheConfiguredThreadsUntilDisposed() {
    EventLoops loops = EventLoops.builder().loops(1).threadNamePrefix("loops-test").build();
    AtomicReference<String> thread = new AtomicReference<>();
    DisposableServer server =
        TcpServer.create()
            .host("127.0.0.1")
            .port(0)
            .runOn(loops.loopResources(), loops.isNative())
            .handle(
                (in, out) -> {
                  thread.set(Thread.currentThread().getName());
                  return out.sendString(Mono.just("hi")).then();
                })
            .bindNow();
    try {
      StepVerifier.create(
              TcpClient.create()
                  .host("127.0.0.1")
                  .port(server.port())
                  .connect()
                  .flatMap(
                      connection ->
                          connection
                              .inbound()
                              .receive()
                              .asString(StandardCharsets.UTF_8)
                              .next()
                              .doFinally(signal -> connection.dispose())))
          .expectNext("hi")
          .verifyComplete();
      assertThat(thread.get()).startsWith("loops-test");
    } finally {
      server.disposeNow();
    }
    StepVerifier.create(loops.disposeLater()).expectComplete().verify(Duration.ofSeconds(10));
    assertThat(loops.isDisposed()).isTrue();
  }

  @Test
  void rejectsInvalidSettingsNamingThem() {
    assertThatThrownBy(() -> EventLoops.builder().loops(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("loops must be at least 1, but was 0");
    assertThatThrownBy(() -> EventLoops.builder().threadNamePrefix(" "))
        .hasMessageContaining("threadNamePrefix");
    EventLoops loops = EventLoops.builder().loops(1).build();
    try {
      assertThatThrownBy(() -> loops.disposeLater(Duration.ofSeconds(2), Duration.ofSeconds(1)))
          .hasMessageContaining("quietPeriod");
    } finally {
      loops.dispose();
    }
  }
}
