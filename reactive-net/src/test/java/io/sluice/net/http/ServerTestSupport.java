package io.sluice.net.http;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/** Binds servers on loopback port 0 and disposes of them after each test. */
abstract class ServerTestSupport {

  private @Nullable RunningHttpServer server;

  RunningHttpServer start(HttpServer configuration) {
    RunningHttpServer running =
        configuration.host("127.0.0.1").port(0).bindNow(Duration.ofSeconds(10));
    server = running;
    return running;
  }

  RunningHttpServer start(Routes routes) {
    return start(HttpServer.create().routes(routes));
  }

  static HttpClient client(RunningHttpServer server) {
    return HttpClient.create().host("127.0.0.1").port(server.port());
  }

  /** GETs a path and returns "status body". */
  static Mono<String> get(RunningHttpServer server, String uri) {
    return client(server)
        .get()
        .uri(uri)
        .responseSingle(
            (response, body) ->
                body.asString()
                    .defaultIfEmpty("")
                    .map(text -> response.status().code() + " " + text));
  }

  @AfterEach
  void stopServer() {
    RunningHttpServer running = server;
    if (running != null) {
      running.dispose();
      running.onDispose().block(Duration.ofSeconds(10));
    }
  }
}
