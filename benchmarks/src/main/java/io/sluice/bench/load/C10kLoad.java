package io.sluice.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelOption;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.tcp.TcpClient;

/**
 * Ten thousand concurrent connections against the demo app (issue: C10k on two event loops): {@code
 * IDLE} keep-alive connections that each made one request and stay open, plus {@code SUBSCRIBERS}
 * clients of {@code GET /api/live}. Once every subscriber has received a first reading (which
 * proves it is subscribed), {@code POSTS} uploads of {@code PER_POST} readings each are sent at
 * once, and the time from each upload's start to the arrival of each of its readings at each
 * subscriber is recorded.
 *
 * <p>Prints: connections open, the delivery latency (p50 / p99 / max over every reading at every
 * subscriber), the time until every subscriber had every reading, and for the server ({@code
 * SERVER_PID}): heap used, live heap after a full collection, RSS, peak RSS, open files and
 * event-loop threads. Exit status 1 if a connection failed or closed, or a reading was not
 * delivered to every subscriber within {@code DELIVERY_TIMEOUT}.
 *
 * <p>Environment (defaults): {@code HOST} (127.0.0.1), {@code PORT} (8080), {@code IDLE} (8000),
 * {@code SUBSCRIBERS} (2000), {@code SOURCE_ADDRESSES} (4: connections are spread over source
 * addresses 127.0.0.1 to 127.0.0.n, each with its own ephemeral ports), {@code CONNECT_CONCURRENCY}
 * (256 connects in flight), {@code POSTS} (10), {@code PER_POST} (10), {@code DELIVERY_TIMEOUT}
 * seconds (60), {@code KEEP_ALIVE} seconds (40), {@code API_TOKEN} (demo-token), {@code
 * SERVER_PID}.
 */
public final class C10kLoad {

  private static final String HEALTH_REQUEST =
      "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n";

  private C10kLoad() {}

  /**
   * Runs the load and prints its report.
   *
   * @param args ignored; settings come from the environment
   */
  public static void main(String[] args) {
    LoadSettings settings = new LoadSettings(System.getenv());
    String host = settings.text("HOST", "127.0.0.1");
    int port = settings.number("PORT", 8080, 1, 65_535);
    int idle = settings.number("IDLE", 8_000, 0, 100_000);
    int subscribers = settings.number("SUBSCRIBERS", 2_000, 1, 100_000);
    int sources = settings.number("SOURCE_ADDRESSES", 4, 1, 254);
    int connectConcurrency = settings.number("CONNECT_CONCURRENCY", 256, 1, 10_000);
    int posts = settings.number("POSTS", 10, 1, 1_000);
    int perPost = settings.number("PER_POST", 10, 1, 10_000);
    Duration deliveryTimeout = settings.seconds("DELIVERY_TIMEOUT", 60, 1, 600);
    Duration keepAlive = settings.seconds("KEEP_ALIVE", 40, 1, 3_600);
    String token = settings.text("API_TOKEN", "demo-token");
    ServerProcess server = new ServerProcess(settings.pid());
    InetSocketAddress target = new InetSocketAddress(host, port);
    AtomicInteger nextSource = new AtomicInteger();

    System.out.printf(
        Locale.ROOT,
        "c10k: %d idle keep-alive + %d /api/live subscribers on %s:%d from %d source addresses;"
            + " burst of %d uploads x %d readings; started %s%n",
        idle,
        subscribers,
        host,
        port,
        sources,
        posts,
        perPost,
        Instant.now());

    // Idle keep-alive connections: a request on opening, then one per KEEP_ALIVE period.
    TcpClient tcp =
        TcpClient.newConnection()
            .remoteAddress(() -> target)
            .bindAddress(() -> source(nextSource, sources))
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000);
    Queue<Connection> idleConnections = new ConcurrentLinkedQueue<>();
    AtomicLong idleClosed = new AtomicLong();
    AtomicLong idleFailed = new AtomicLong();
    AtomicLong idleNot200 = new AtomicLong();
    long openStart = System.nanoTime();
    Flux.range(0, idle)
        .flatMap(
            i ->
                tcp.connect()
                    .flatMap(
                        connection -> firstResponse(connection, idleClosed, idleNot200, keepAlive))
                    .doOnNext(idleConnections::add)
                    .onErrorResume(
                        error -> {
                          if (idleFailed.incrementAndGet() == 1) {
                            System.out.println("first idle connection failure: " + error);
                          }
                          return Mono.empty();
                        }),
            connectConcurrency)
        .then()
        .block(Duration.ofMinutes(3));
    System.out.printf(
        Locale.ROOT,
        "idle connections open: %d in %d ms (%d failed, %d answered other than 200)%n",
        idleConnections.size(),
        (System.nanoTime() - openStart) / 1_000_000,
        idleFailed.get(),
        idleNot200.get());

    // Live subscribers.
    ConnectionProvider unpooled = ConnectionProvider.newConnection();
    HttpClient live =
        HttpClient.create(unpooled)
            .remoteAddress(() -> target)
            .bindAddress(() -> source(nextSource, sources))
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000);
    long[] postStarted = new long[posts];
    AtomicLongArray deliveredPerPost = new AtomicLongArray(posts);
    AtomicLongArray lastArrivalPerPost = new AtomicLongArray(posts);
    AtomicLong warmDelivered = new AtomicLong();
    AtomicLong warmLast = new AtomicLong();
    ConcurrentHistogram latencies = new ConcurrentHistogram(600_000_000_000L, 3);
    long expectedPerPost = (long) subscribers * perPost;
    Sinks.Empty<Void> allWarm = Sinks.empty();
    Sinks.Empty<Void> allDelivered = Sinks.empty();
    AtomicLong postsComplete = new AtomicLong();
    AtomicLong liveEnded = new AtomicLong();
    AtomicLong liveFailed = new AtomicLong();
    List<Disposable> liveStreams = new ArrayList<>();
    long subscribeStart = System.nanoTime();
    for (int i = 0; i < subscribers; i++) {
      LiveSubscriber subscriber =
          new LiveSubscriber(
              (data, arrived) -> {
                int post = burstIndex(data);
                if (post >= 0 && post < posts) {
                  latencies.recordValue(Math.max(0, arrived - postStarted[post]));
                  lastArrivalPerPost.accumulateAndGet(post, arrived, Math::max);
                  if (deliveredPerPost.incrementAndGet(post) == expectedPerPost
                      && postsComplete.incrementAndGet() == posts) {
                    allDelivered.tryEmitEmpty();
                  }
                } else if (data.contains("\"stationId\":\"warm\"")) {
                  warmLast.accumulateAndGet(arrived, Math::max);
                  if (warmDelivered.incrementAndGet() == subscribers) {
                    allWarm.tryEmitEmpty();
                  }
                }
              });
      liveStreams.add(
          Mono.delay(Duration.ofMillis(i / 4))
              .then(subscriber.listen(live))
              .subscribe(
                  null,
                  error -> {
                    if (liveFailed.incrementAndGet() == 1) {
                      System.out.println("first live subscriber failure: " + error);
                    }
                  },
                  liveEnded::incrementAndGet));
    }

    HttpClient poster =
        HttpClient.create(ConnectionProvider.builder("posts").maxConnections(posts + 1).build())
            .remoteAddress(() -> target)
            .headers(
                headers ->
                    headers
                        .set("Authorization", "Bearer " + token)
                        .set("Content-Type", "application/x-ndjson"));
    // The warm reading proves every subscriber is subscribed to the feed; post it until all
    // subscribers have it (one post normally suffices; those still connecting miss earlier ones).
    long warmDeadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    boolean warm = false;
    while (!warm && System.nanoTime() < warmDeadline) {
      warmDelivered.set(0);
      long warmPosted = System.nanoTime();
      upload(poster, readings("warm", 1)).block(Duration.ofSeconds(30));
      warm =
          Boolean.TRUE.equals(
                  allWarm
                      .asMono()
                      .then(Mono.just(true))
                      .timeout(Duration.ofSeconds(10), Mono.just(false))
                      .block())
              || warmDelivered.get() >= subscribers;
      if (!warm) {
        System.out.printf(
            Locale.ROOT,
            "warm reading reached %d of %d subscribers (%d ms after subscribing began); again%n",
            warmDelivered.get(),
            subscribers,
            (warmPosted - subscribeStart) / 1_000_000);
      } else {
        System.out.printf(
            Locale.ROOT,
            "all %d subscribers received the warm reading %d ms after it was posted%n",
            subscribers,
            (warmLast.get() - warmPosted) / 1_000_000);
      }
    }

    long idleOpen = idleConnections.size() - idleClosed.get();
    long liveOpen = subscribers - liveEnded.get() - liveFailed.get();
    System.out.printf(
        Locale.ROOT,
        "connections open before the burst: %d idle + %d live = %d%n",
        idleOpen,
        liveOpen,
        idleOpen + liveOpen);
    ServerSnapshot before = ServerSnapshot.of(server, false);
    System.out.println("server before the burst: " + before);

    // The burst: every upload at once.
    double serverCpuBefore = server.known() ? server.cpuSeconds() : -1;
    double clientCpuBefore = ServerProcess.ownCpuSeconds();
    String loadBefore = ServerProcess.loadAverage();
    long burstStart = System.nanoTime();
    Flux.range(0, posts)
        .flatMap(
            post ->
                Mono.defer(
                    () -> {
                      postStarted[post] = System.nanoTime();
                      return upload(poster, readings("burst-" + post, perPost));
                    }),
            posts)
        .then()
        .block(Duration.ofSeconds(60));
    boolean delivered =
        Boolean.TRUE.equals(
            allDelivered
                .asMono()
                .then(Mono.just(true))
                .timeout(deliveryTimeout, Mono.just(false))
                .block());
    long burstEnd = 0;
    long missing = 0;
    for (int post = 0; post < posts; post++) {
      burstEnd = Math.max(burstEnd, lastArrivalPerPost.get(post));
      missing += expectedPerPost - deliveredPerPost.get(post);
    }
    Histogram snapshot = latencies.copy();
    System.out.printf(
        Locale.ROOT,
        "CPU seconds from the burst to the last delivery: server %.1f, load tool %.1f; machine load"
            + " average %s before, %s after%n",
        server.known() ? server.cpuSeconds() - serverCpuBefore : -1,
        ServerProcess.ownCpuSeconds() - clientCpuBefore,
        loadBefore,
        ServerProcess.loadAverage());
    System.out.printf(
        Locale.ROOT,
        "delivery of %d readings to %d subscribers (%d deliveries): p50 %.1f ms, p99 %.1f ms, max"
            + " %.1f ms; all delivered %d ms after the burst began%s%n",
        (long) posts * perPost,
        subscribers,
        snapshot.getTotalCount(),
        snapshot.getValueAtPercentile(50) / 1e6,
        snapshot.getValueAtPercentile(99) / 1e6,
        snapshot.getMaxValue() / 1e6,
        (burstEnd - burstStart) / 1_000_000,
        delivered ? "" : " (NOT all delivered: " + missing + " missing)");

    idleOpen = idleConnections.size() - idleClosed.get();
    liveOpen = subscribers - liveEnded.get() - liveFailed.get();
    ServerSnapshot after = ServerSnapshot.of(server, true);
    System.out.printf(
        Locale.ROOT,
        "connections open after the burst: %d idle + %d live = %d%n",
        idleOpen,
        liveOpen,
        idleOpen + liveOpen);
    System.out.println("server after the burst: " + after);

    liveStreams.forEach(Disposable::dispose);
    idleConnections.forEach(Connection::dispose);
    unpooled.disposeLater().block(Duration.ofSeconds(30));
    boolean pass =
        delivered
            && idleFailed.get() == 0
            && idleNot200.get() == 0
            && idleOpen == idle
            && liveOpen == subscribers;
    System.out.println(pass ? "PASS" : "FAIL");
    System.exit(pass ? 0 : 1);
  }

  private static Mono<Connection> firstResponse(
      Connection connection, AtomicLong closed, AtomicLong not200, Duration keepAlive) {
    connection.onDispose(closed::incrementAndGet);
    Sinks.One<Boolean> answered = Sinks.one();
    connection
        .inbound()
        .receive()
        .subscribe(
            (ByteBuf chunk) -> {
              String head = chunk.toString(StandardCharsets.US_ASCII);
              if (answered.tryEmitValue(head.startsWith("HTTP/1.1 200")).isSuccess()
                  && !head.startsWith("HTTP/1.1 200")) {
                not200.incrementAndGet();
              }
            },
            error -> {});
    return connection
        .outbound()
        .sendString(Mono.just(HEALTH_REQUEST))
        .then()
        .then(answered.asMono())
        .timeout(Duration.ofSeconds(60))
        .doOnNext(
            ok -> {
              // Keep the connection alive past the server's idle timeout: one request every
              // period, the first at a random point of it so that the pings spread out.
              long offset = ThreadLocalRandom.current().nextLong(keepAlive.toMillis());
              connection.onDispose(
                  Flux.interval(Duration.ofMillis(offset), keepAlive)
                      .onBackpressureDrop()
                      .concatMap(
                          tick ->
                              connection.outbound().sendString(Mono.just(HEALTH_REQUEST)).then(),
                          1)
                      .subscribe(null, error -> {}));
            })
        .thenReturn(connection);
  }

  private static InetSocketAddress source(AtomicInteger next, int sources) {
    return new InetSocketAddress(
        "127.0.0." + (1 + Math.floorMod(next.getAndIncrement(), sources)), 0);
  }

  private static String readings(String station, int count) {
    StringBuilder body = new StringBuilder();
    Instant now = Instant.now();
    for (int i = 0; i < count; i++) {
      body.append("{\"stationId\":\"")
          .append(station)
          .append("\",\"recordedAt\":\"")
          .append(now.plusMillis(i))
          .append("\",\"temperature\":21.5,\"humidity\":40.0,\"pressure\":1013.2}\n");
    }
    return body.toString();
  }

  private static Mono<Integer> upload(HttpClient client, String body) {
    return client
        .post()
        .uri("/api/readings")
        .send(Mono.just(io.netty.buffer.Unpooled.copiedBuffer(body, StandardCharsets.UTF_8)))
        .responseSingle(
            (response, content) -> {
              int code = response.status().code();
              return content
                  .asString()
                  .defaultIfEmpty("")
                  .map(
                      text -> {
                        if (code != 200) {
                          throw new IllegalStateException("upload answered " + code + ": " + text);
                        }
                        return code;
                      });
            });
  }

  /** The upload index of a burst reading's JSON ({@code "stationId":"burst-7"}), or -1. */
  static int burstIndex(String json) {
    int at = json.indexOf("\"stationId\":\"burst-");
    if (at < 0) {
      return -1;
    }
    int start = at + "\"stationId\":\"burst-".length();
    int end = json.indexOf('"', start);
    try {
      return Integer.parseInt(json, start, end, 10);
    } catch (RuntimeException e) {
      return -1;
    }
  }
}
