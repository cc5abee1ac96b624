package io.sluice.bench.load;

import io.netty.channel.ChannelOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Slow readers sharing a small database pool (issue: fair sharing under load): {@code READERS}
 * clients each read {@code GET /api/readings} at {@code RATE} bytes per second, while {@code
 * STATION_LOOPS} loops call {@code GET /api/stations/{id}} one request after another. Every reader
 * has its own connection; a reader's rate is measured after {@code WARMUP}, over {@code DURATION}.
 *
 * <p>Prints, for the readers: how many received data, time to first byte, min / median / max bytes
 * per second over the window, and the longest stall between two chunks; for the station requests:
 * count, statuses and p50 / p99 / max latency; for the server (when {@code SERVER_PID} is set):
 * RSS, peak RSS, heap in use and open files. Exit status 1 if a reader received nothing or fell
 * under {@code MIN_SHARE} of its rate.
 *
 * <p>Environment (defaults): {@code BASE_URL} (http://127.0.0.1:8080), {@code READERS} (200),
 * {@code RATE} (65536), {@code WARMUP} seconds (15), {@code DURATION} seconds (45), {@code
 * STATIONS} (20, ids {@code st-01}..), {@code READ_QUERY} ({@code ?station=%s&limit=1000000},
 * {@code %s} the station id), {@code STATION_LOOPS} (2), {@code MIN_SHARE} percent (90), {@code
 * SERVER_PID}.
 */
public final class SlowReadersLoad {

  private SlowReadersLoad() {}

  /**
   * Runs the load and prints its report.
   *
   * @param args ignored; settings come from the environment
   */
  public static void main(String[] args) {
    LoadSettings settings = new LoadSettings(System.getenv());
    String baseUrl = settings.text("BASE_URL", "http://127.0.0.1:8080");
    int readers = settings.number("READERS", 200, 1, 5_000);
    int rate = settings.number("RATE", 65_536, 1_024, 100_000_000);
    Duration warmup = settings.seconds("WARMUP", 15, 0, 600);
    Duration duration = settings.seconds("DURATION", 45, 1, 600);
    int stations = settings.number("STATIONS", 20, 1, 10_000);
    String readQuery = settings.text("READ_QUERY", "?station=%s&limit=1000000");
    int stationLoops = settings.number("STATION_LOOPS", 2, 0, 64);
    int minShare = settings.number("MIN_SHARE", 90, 0, 100);
    ServerProcess server = new ServerProcess(settings.pid());

    ConnectionProvider unpooled = ConnectionProvider.newConnection();
    HttpClient readerClient =
        HttpClient.create(unpooled)
            .baseUrl(baseUrl)
            .option(ChannelOption.SO_RCVBUF, 64 * 1024)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
    ConnectionProvider pooled =
        ConnectionProvider.builder("stations").maxConnections(Math.max(1, stationLoops)).build();
    HttpClient stationClient = HttpClient.create(pooled).baseUrl(baseUrl);

    System.out.printf(
        Locale.ROOT,
        "slow readers: %d x %d B/s on %s/api/readings%s, %d station loops, warm-up %d s, window %d"
            + " s, started %s%n",
        readers,
        rate,
        baseUrl,
        readQuery,
        stationLoops,
        warmup.toSeconds(),
        duration.toSeconds(),
        Instant.now());
    if (server.known()) {
      System.out.printf(
          Locale.ROOT,
          "server before: RSS %s, heap used %s, open files %d%n",
          mib(server.residentBytes()),
          mib(server.heapUsedBytes()),
          server.openFiles());
    }

    List<SlowReader> all = new ArrayList<>();
    List<Disposable> running = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < readers; i++) {
      SlowReader reader = new SlowReader(i, rate);
      all.add(reader);
      String station = stationId(i % stations);
      running.add(
          reader
              .read(readerClient, "/api/readings" + String.format(Locale.ROOT, readQuery, station))
              .subscribe(null, error -> {}));
    }

    Histogram latencies = new Histogram(60_000_000_000L, 3);
    AtomicLong ok = new AtomicLong();
    AtomicLong other = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    Disposable loops =
        Flux.range(0, stationLoops)
            .flatMap(
                loop ->
                    Flux.range(0, Integer.MAX_VALUE)
                        .concatMap(
                            n ->
                                stationCall(stationClient, stationId((loop * 7 + n) % stations))
                                    .doOnNext(
                                        result -> {
                                          if (result.status() == 200) {
                                            ok.incrementAndGet();
                                          } else {
                                            other.incrementAndGet();
                                          }
                                          synchronized (latencies) {
                                            latencies.recordValue(result.nanos());
                                          }
                                        })
                                    .onErrorResume(
                                        error -> {
                                          failed.incrementAndGet();
                                          return Mono.empty();
                                        }),
                            1),
                Math.max(1, stationLoops))
            .subscribe();

    sleep(warmup);
    all.forEach(SlowReader::mark);
    synchronized (latencies) {
      latencies.reset();
    }
    ok.set(0);
    other.set(0);
    failed.set(0);
    long markNanos = System.nanoTime();
    double serverCpuBefore = server.known() ? server.cpuSeconds() : -1;
    double clientCpuBefore = ServerProcess.ownCpuSeconds();
    String loadBefore = ServerProcess.loadAverage();
    long peakRss = 0;
    long peakHeap = 0;
    long deadline = markNanos + duration.toNanos();
    while (System.nanoTime() < deadline) {
      sleep(Duration.ofMillis(Math.min(5_000, (deadline - System.nanoTime()) / 1_000_000 + 1)));
      if (server.known()) {
        peakRss = Math.max(peakRss, server.residentBytes());
        peakHeap = Math.max(peakHeap, server.heapUsedBytes());
      }
    }
    long end = System.nanoTime();
    double serverCpu = server.known() ? server.cpuSeconds() - serverCpuBefore : -1;
    double clientCpu = ServerProcess.ownCpuSeconds() - clientCpuBefore;
    long openFiles = server.known() ? server.openFiles() : -1;
    loops.dispose();
    running.forEach(Disposable::dispose);

    List<Double> rates = new ArrayList<>();
    long receiving = 0;
    Duration slowestFirstByte = Duration.ZERO;
    Duration longestGap = Duration.ZERO;
    List<Integer> notServed = new ArrayList<>();
    for (SlowReader reader : all) {
      rates.add(reader.rateSinceMark(end));
      if (reader.receivedAny()) {
        receiving++;
        Duration firstByte = reader.timeToFirstByte(start);
        if (firstByte.compareTo(slowestFirstByte) > 0) {
          slowestFirstByte = firstByte;
        }
      } else {
        notServed.add(reader.index());
      }
      Duration gap = reader.longestGap(end);
      if (gap.compareTo(longestGap) > 0) {
        longestGap = gap;
      }
    }
    rates.sort(Comparator.naturalOrder());
    double min = rates.get(0);
    double median = rates.get(rates.size() / 2);
    double max = rates.get(rates.size() - 1);
    long under = rates.stream().filter(r -> r < rate * minShare / 100.0).count();
    List<Duration> firstBytes = new ArrayList<>();
    all.stream()
        .filter(SlowReader::receivedAny)
        .forEach(r -> firstBytes.add(r.timeToFirstByte(start)));
    firstBytes.sort(Comparator.naturalOrder());

    System.out.printf(
        Locale.ROOT,
        "readers receiving data: %d of %d; time to first byte median %d ms, max %d ms%n",
        receiving,
        readers,
        firstBytes.isEmpty() ? -1 : firstBytes.get(firstBytes.size() / 2).toMillis(),
        slowestFirstByte.toMillis());
    System.out.printf(
        Locale.ROOT,
        "reader rate over %d s (B/s): min %.0f, median %.0f, max %.0f (target %d); under %d%% of"
            + " target: %d; longest stall between chunks %d ms%n",
        duration.toSeconds(),
        min,
        median,
        max,
        rate,
        minShare,
        under,
        longestGap.toMillis());
    long completed = all.stream().filter(r -> r.outcome().equals("completed")).count();
    long errored = all.stream().filter(r -> r.outcome().startsWith("failed")).count();
    System.out.printf(
        Locale.ROOT,
        "readers that ended before the window closed: %d completed, %d failed%s%n",
        completed,
        errored,
        errored == 0
            ? ""
            : " (first: "
                + all.stream()
                    .filter(r -> r.outcome().startsWith("failed"))
                    .findFirst()
                    .map(SlowReader::outcome)
                    .orElse("")
                + ")");
    Histogram snapshot;
    synchronized (latencies) {
      snapshot = latencies.copy();
    }
    double seconds = (end - markNanos) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "stations: %d requests (%.0f/s), %d x 200, %d other status, %d failed; p50 %.1f ms, p99"
            + " %.1f ms, max %.1f ms%n",
        snapshot.getTotalCount(),
        snapshot.getTotalCount() / seconds,
        ok.get(),
        other.get(),
        failed.get(),
        snapshot.getValueAtPercentile(50) / 1e6,
        snapshot.getValueAtPercentile(99) / 1e6,
        snapshot.getMaxValue() / 1e6);
    System.out.printf(
        Locale.ROOT,
        "CPU seconds in the window: server %.1f (%.0f%% of one core), load tool %.1f; machine load"
            + " average %s before, %s after%n",
        serverCpu,
        serverCpu * 100 / seconds,
        clientCpu,
        loadBefore,
        ServerProcess.loadAverage());
    if (server.known()) {
      System.out.printf(
          Locale.ROOT,
          "server during the window: peak RSS %s (VmHWM %s), peak heap used %s, open files at the"
              + " end %d%n",
          mib(peakRss),
          mib(server.peakResidentBytes()),
          mib(peakHeap),
          openFiles);
      System.out.printf(
          Locale.ROOT, "server live heap after the run: %s%n", mib(server.liveHeapBytes()));
    }
    unpooled.disposeLater().block(Duration.ofSeconds(10));
    pooled.disposeLater().block(Duration.ofSeconds(10));
    boolean pass = notServed.isEmpty() && under == 0;
    System.out.println(
        pass ? "PASS" : "FAIL: readers not served " + notServed.size() + ", under target " + under);
    System.exit(pass ? 0 : 1);
  }

  private static Mono<StationResult> stationCall(HttpClient client, String id) {
    return Mono.defer(
        () -> {
          long sent = System.nanoTime();
          return client
              .get()
              .uri("/api/stations/" + id)
              .responseSingle(
                  (response, body) ->
                      body.asByteArray()
                          .defaultIfEmpty(new byte[0])
                          .map(
                              bytes ->
                                  new StationResult(
                                      response.status().code(), System.nanoTime() - sent)));
        });
  }

  static String stationId(int index) {
    return String.format(Locale.ROOT, "st-%02d", index + 1);
  }

  private static String mib(long bytes) {
    return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(Math.max(1, duration.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** One station request: its status and latency. */
  private record StationResult(int status, long nanos) {}
}
