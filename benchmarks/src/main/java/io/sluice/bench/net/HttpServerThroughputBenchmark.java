package io.sluice.bench.net;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.sluice.net.http.HttpServer;
import io.sluice.net.http.Routes;
import io.sluice.net.http.RunningHttpServer;
import io.sluice.net.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.json.JsonMapper;

/**
 * Requests per second of {@code GET /plaintext} and {@code GET /json} (the benchmark contract's
 * first two endpoints, with {@code Date} and {@code Server} headers) served by Sluice's {@link
 * HttpServer} and by a bare Reactor Netty server in the same run. The load comes from an in-JVM
 * Reactor Netty client keeping {@value #CONNECTIONS} connections busy.
 *
 * <p>Run: {@code java -jar benchmarks/target/sluice-benchmarks.jar HttpServerThroughput -f 1 -wi 3
 * -w 2s -i 5 -r 2s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class HttpServerThroughputBenchmark {

  static final int CONNECTIONS = 16;
  static final int REQUESTS = 256;

  /** Which server answers. */
  @Param({"sluice", "reactor-netty"})
  public String server = "sluice";

  /** Which endpoint is requested. */
  @Param({"plaintext", "json"})
  public String endpoint = "plaintext";

  private @Nullable RunningHttpServer sluice;
  private @Nullable DisposableServer bare;
  private HttpClient client = HttpClient.create();
  private ConnectionProvider connections = ConnectionProvider.newConnection();

  /** Starts the server under test and a client with a fixed pool. */
  @Setup(Level.Trial)
  public void start() {
    int port;
    if (server.equals("sluice")) {
      JsonMapper mapper = JsonMapper.builder().build();
      RunningHttpServer started =
          HttpServer.create()
              .host("127.0.0.1")
              .port(0)
              .serverName("sluice")
              .jsonMapper(mapper)
              .routes(
                  Routes.create()
                      .get("/plaintext", request -> Mono.just(ServerResponse.text("Hello, World!")))
                      .get(
                          "/json",
                          request ->
                              Mono.just(ServerResponse.json(Map.of("message", "Hello, World!")))))
              .bindNow(Duration.ofSeconds(10));
      sluice = started;
      port = started.port();
    } else {
      JsonMapper mapper = JsonMapper.builder().build();
      byte[] hello = "Hello, World!".getBytes(StandardCharsets.UTF_8);
      DisposableServer started =
          reactor.netty.http.server.HttpServer.create()
              .host("127.0.0.1")
              .port(0)
              .route(
                  routes ->
                      routes
                          .get(
                              "/plaintext",
                              (request, response) ->
                                  response
                                      .header(
                                          HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                                      .header(HttpHeaderNames.SERVER, "reactor-netty")
                                      .header(HttpHeaderNames.DATE, date())
                                      .header(HttpHeaderNames.CONTENT_LENGTH, "13")
                                      .send(Mono.just(Unpooled.wrappedBuffer(hello))))
                          .get(
                              "/json",
                              (request, response) -> {
                                byte[] json =
                                    mapper.writeValueAsBytes(Map.of("message", "Hello, World!"));
                                return response
                                    .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                                    .header(HttpHeaderNames.SERVER, "reactor-netty")
                                    .header(HttpHeaderNames.DATE, date())
                                    .header(
                                        HttpHeaderNames.CONTENT_LENGTH,
                                        Integer.toString(json.length))
                                    .send(Mono.just(Unpooled.wrappedBuffer(json)));
                              }))
              .bindNow(Duration.ofSeconds(10));
      bare = started;
      port = started.port();
    }
    connections = ConnectionProvider.builder("bench").maxConnections(CONNECTIONS).build();
    client = HttpClient.create(connections).host("127.0.0.1").port(port);
  }

  private static String date() {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC));
  }

  /** Stops the client and the server. */
  @TearDown(Level.Trial)
  public void stop() {
    connections.disposeLater().block(Duration.ofSeconds(5));
    RunningHttpServer sluiceServer = sluice;
    if (sluiceServer != null) {
      sluiceServer.dispose();
    }
    DisposableServer bareServer = bare;
    if (bareServer != null) {
      bareServer.disposeNow();
    }
  }

  /**
   * Sends {@value #REQUESTS} requests, {@value #CONNECTIONS} at a time, and reads every body.
   *
   * @return the bytes received, so that nothing is optimized away
   */
  @Benchmark
  @OperationsPerInvocation(REQUESTS)
  public @Nullable Long requests() {
    String uri = "/" + endpoint;
    return Flux.range(0, REQUESTS)
        .flatMap(
            i ->
                client
                    .get()
                    .uri(uri)
                    .responseSingle((response, body) -> body.asByteArray())
                    .map(bytes -> (long) bytes.length),
            CONNECTIONS)
        .reduce(0L, Long::sum)
        .block(Duration.ofSeconds(30));
  }
}
