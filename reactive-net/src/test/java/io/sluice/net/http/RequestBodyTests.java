package io.sluice.net.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

class RequestBodyTests extends ServerTestSupport {

  @Test
  void aHandlerThatStopsConsumingStopsTheSender() throws Exception {
    AtomicLong consumed = new AtomicLong();
    AtomicReference<Subscription> upstream = new AtomicReference<>();
    RunningHttpServer server =
        start(
            HttpServer.create()
                .maxBodySize(Long.MAX_VALUE)
                .requestTimeout(java.time.Duration.ZERO)
                .routes(
                    Routes.create()
                        .post(
                            "/upload",
                            request -> {
                              Sinks.One<ServerResponse> done = Sinks.one();
                              request
                                  .body()
                                  .subscribe(
                                      new BaseSubscriber<ByteBuffer>() {
                                        @Override
                                        protected void hookOnSubscribe(Subscription s) {
                                          upstream.set(s);
                                          s.request(1);
                                        }

                                        @Override
                                        protected void hookOnNext(ByteBuffer chunk) {
                                          consumed.addAndGet(chunk.remaining());
                                        }

                                        @Override
                                        protected void hookOnComplete() {
                                          done.tryEmitValue(
                                              ServerResponse.text(Long.toString(consumed.get())));
                                        }
                                      });
                              return done.asMono();
                            })));
    long total = 256L << 20;
    AtomicLong sent = new AtomicLong();
    try (RawHttp http = new RawHttp(server.port())) {
      http.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: " + total + "\r\n\r\n");
      CompletableFuture<Void> sender =
          CompletableFuture.runAsync(
              () -> {
                byte[] block = new byte[64 * 1024];
                try {
                  while (sent.get() < total) {
                    http.out.write(block);
                    sent.addAndGet(block.length);
                  }
                  http.out.flush();
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
      long stalled = StreamingResponseTests.awaitStable(sent);
      // the handler took one chunk; only socket buffers hold the rest of what was sent
      assertThat(consumed.get()).isLessThanOrEqualTo(64 * 1024);
      assertThat(stalled).as("bytes the sender could write").isLessThan(32L << 20);
      upstream.get().request(Long.MAX_VALUE);
      sender.get(30, TimeUnit.SECONDS);
      RawHttp.Response response = http.read();
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.body()).isEqualTo(Long.toString(total));
    }
  }

  @Test
  void aBodyNobodyReadsGetsTheConnectionClosedInsteadOfDrained() throws Exception {
    RunningHttpServer server =
        start(
            Routes.create().post("/ignore", request -> Mono.just(ServerResponse.text("ignored"))));

    try (RawHttp http = new RawHttp(server.port())) {
      RawHttp.Response response =
          http.send("POST /ignore HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\nabc")
              .read();
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.headers()).containsEntry("connection", "close");
      assertThat(http.closedByServer()).isTrue();
    }
  }
}
