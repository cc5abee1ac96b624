package io.sluice.bench.contract;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Holds a running server to the benchmark contract: the contract's "checks every server must pass"
 * plus the shape of every endpoint (headers, content types, clamping, escaping and order, persisted
 * updates, streamed lines, whole-or-nothing ingest, memory under a slow reader, a fast sender held
 * back). It reads and resets tables of the benchmark database to verify what the server did, so
 * point it at a benchmark database only.
 *
 * <p>Run with {@code java -cp sluice-benchmarks.jar io.sluice.bench.contract.ContractChecker
 * --server 127.0.0.1:8080 --pid <server pid> [--quick]}; the database comes from {@code PGHOST},
 * {@code PGPORT}, {@code PGUSER}, {@code PGPASSWORD} and {@code PGDATABASE}. Prints one line per
 * check and exits with 1 if any failed. {@code --quick} uses 100,000-row bodies instead of the
 * contract's 1,000,000 and a 3 second slow read: a smoke test, not a contract pass. Server memory
 * is the live heap after a full collection ({@code jcmd}, for a JVM), else the RSS.
 */
public final class ContractChecker {

  private final Map<String, Callable<String>> checks = new LinkedHashMap<>();

  ContractChecker(
      InetSocketAddress server,
      ContractDatabase database,
      CheckerOptions options,
      MemoryProbe memory) {
    EndpointChecks endpoints = new EndpointChecks(server, database);
    StreamChecks stream = new StreamChecks(server, database, options, memory);
    IngestChecks ingest = new IngestChecks(server, database, options, memory);
    // First, while the server's memory has not yet grown for anything else.
    checks.put("stream memory stays flat for a slow reader", stream::memoryStaysFlatForASlowReader);
    checks.put("plaintext", endpoints::plaintext);
    checks.put("json", endpoints::json);
    checks.put("db", endpoints::db);
    checks.put("queries clamping", endpoints::queries);
    checks.put("updates persisted", endpoints::updates);
    checks.put("fortunes", endpoints::fortunes);
    checks.put("stream defaults and clamping", stream::defaultsAndClamping);
    checks.put("stream of " + options.streamRows() + " rows", stream::largeRead);
    checks.put(
        "abandoned streams give their connections back",
        stream::abandonedStreamsGiveTheirConnectionsBack);
    checks.put("ingest line forms", ingest::acceptedLineForms);
    checks.put("ingest malformed lines rejected whole", ingest::malformedLinesAreRejectedWhole);
    checks.put("ingest malformed line deep in a body", ingest::malformedLineDeepInALargeBody);
    checks.put(
        "ingest of " + options.ingestRows() + " lines, sender held back",
        ingest::largeBodyIsInsertedWithoutBuffering);
  }

  /** The outcome of one check. */
  record Result(String name, boolean passed, String detail, Duration took) {

    @Override
    public String toString() {
      return String.format(
          "%s  %s (%.1f s): %s", passed ? "PASS" : "FAIL", name, took.toMillis() / 1000.0, detail);
    }
  }

  /**
   * Runs every check in order, whatever the previous ones gave, printing one line per check as it
   * finishes.
   */
  List<Result> run(PrintStream out) {
    List<Result> results = new ArrayList<>();
    checks.forEach(
        (name, check) -> {
          Result result = run(name, check);
          out.println(result);
          out.flush();
          results.add(result);
        });
    return results;
  }

  private static Result run(String name, Callable<String> check) {
    long start = System.nanoTime();
    try {
      String detail = check.call();
      return new Result(name, true, detail, Duration.ofNanos(System.nanoTime() - start));
    } catch (ContractViolation e) {
      return new Result(
          name, false, String.valueOf(e.getMessage()), Duration.ofNanos(System.nanoTime() - start));
    } catch (Exception e) {
      return new Result(name, false, e.toString(), Duration.ofNanos(System.nanoTime() - start));
    }
  }

  /** Checks the server named by {@code --server host:port}; see the class comment. */
  public static void main(String[] args) {
    String server = null;
    long pid = -1;
    boolean quick = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--server" -> server = value(args, ++i);
        case "--pid" -> pid = Long.parseLong(value(args, ++i));
        case "--quick" -> quick = true;
        default -> throw new IllegalArgumentException("Unknown argument '" + args[i] + "'");
      }
    }
    if (server == null || pid <= 0) {
      throw new IllegalArgumentException(
          "Usage: ContractChecker --server host:port --pid <server pid> [--quick]");
    }
    int colon = server.lastIndexOf(':');
    InetSocketAddress address =
        new InetSocketAddress(
            server.substring(0, colon), Integer.parseInt(server.substring(colon + 1)));
    CheckerOptions options = CheckerOptions.contract();
    if (quick) {
      options =
          options
              .withStreamRows(100_000, false)
              .withIngestRows(100_000, 50_001)
              .withSlowReadWindow(Duration.ofSeconds(3));
    }
    ContractDatabase database =
        ContractDatabase.of(ServerSettings.fromEnvironment(System.getenv()));
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    MemoryProbe memory = MemoryProbe.liveHeapOf(pid);
    try {
      memory.bytes();
    } catch (IOException e) {
      out.println(
          "No live heap reading ("
              + String.valueOf(e.getMessage()).trim()
              + "); using RSS, limit 96 MB");
      memory = MemoryProbe.residentSetOf(pid);
      options = options.withMemoryGrowthLimit(96L * 1024 * 1024);
    }
    List<Result> results = new ContractChecker(address, database, options, memory).run(out);
    long failed = results.stream().filter(result -> !result.passed()).count();
    out.println(
        failed == 0
            ? "All " + results.size() + " checks passed" + (quick ? " (quick sizes)" : "")
            : failed + " of " + results.size() + " checks FAILED");
    System.exit(failed == 0 ? 0 : 1);
  }

  private static String value(String[] args, int index) {
    if (index >= args.length) {
      throw new IllegalArgumentException(args[index - 1] + " needs a value");
    }
    return args[index];
  }
}
