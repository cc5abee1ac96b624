package io.sluice.bench.net;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
 * Requests per second of Sluice's {@link io.sluice.net.http.client.HttpClient} reading a small JSON
 * body into a record, against a bare Reactor Netty client doing the same, in the same run, both
 * against one bare Reactor Netty server with {@value #CONNECTIONS} pooled connections.
 *
 * <p>Run: {@code java -jar benchmarks/target/sluice-benchmarks.jar HttpClientThroughput -f 1 -wi 3
 * -w 2s -i 5 -r 2s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class HttpClientThroughputBenchmark {

  static final int CONNECTIONS = 16;
  static final int REQUESTS = 256;

  /** The JSON body read. */
  public record Message(String message) {}

  /** Which client sends. */
  @Param({"sluice", "reactor-netty"})
  public String client = "sluice";

  private final JsonMapper mapper = JsonMapper.builder().build();
  private @Nullable DisposableServer server;
  private io.sluice.net.http.client.@Nullable HttpClient sluice;
  private @Nullable HttpClient bare;
  private @Nullable ConnectionProvider connections;

  /** Starts the server and the client under test. */
  @Setup(Level.Trial)
  public void start() {
    byte[] json = "{\"message\":\"Hello, World!\"}".getBytes(StandardCharsets.UTF_8);
    DisposableServer started =
        reactor.netty.http.server.HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .route(
                routes ->
                    routes.get(
                        "/json",
                        (request, response) ->
                            response
                                .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                                .header(
                                    HttpHeaderNames.CONTENT_LENGTH, Integer.toString(json.length))
                                .send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(json)))))
            .bindNow(Duration.ofSeconds(10));
    server = started;
    if (client.equals("sluice")) {
      sluice =
          io.sluice.net.http.client.HttpClient.builder()
              .baseUrl("http://127.0.0.1:" + started.port())
              .maxConnections(CONNECTIONS)
              .jsonMapper(mapper)
              .build();
    } else {
      ConnectionProvider pool =
          ConnectionProvider.builder("bench").maxConnections(CONNECTIONS).build();
      connections = pool;
      bare = HttpClient.create(pool).baseUrl("http://127.0.0.1:" + started.port());
    }
  }

  /** Stops the client and the server. */
  @TearDown(Level.Trial)
  public void stop() {
    io.sluice.net.http.client.HttpClient s = sluice;
    if (s != null) {
      s.close().block(Duration.ofSeconds(5));
    }
    ConnectionProvider pool = connections;
    if (pool != null) {
      pool.disposeLater().block(Duration.ofSeconds(5));
    }
    DisposableServer started = server;
    if (started != null) {
      started.disposeNow();
    }
  }

  /**
   * Sends {@value #REQUESTS} requests, {@value #CONNECTIONS} at a time, and reads every body as
   * JSON.
   *
   * @return the characters of the messages read, so that nothing is optimized away
   */
  @Benchmark
  @OperationsPerInvocation(REQUESTS)
  public @Nullable Long requests() {
    io.sluice.net.http.client.HttpClient s = sluice;
    HttpClient b = bare;
    Mono<Message> request;
    if (s != null) {
      request = s.get("/json").json(Message.class);
    } else if (b != null) {
      request =
          b.get()
              .uri("/json")
              .responseSingle((response, body) -> body.asByteArray())
              .map(bytes -> mapper.readValue(bytes, Message.class));
    } else {
      throw new IllegalStateException("start() did not run");
    }
    return Flux.range(0, REQUESTS)
        .flatMap(i -> request, CONNECTIONS)
        .map(message -> (long) message.message().length())
        .reduce(0L, Long::sum)
        .block(Duration.ofSeconds(30));
  }
}
