package io.sluice.demo.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.sluice.demo.Demo;
import io.sluice.demo.DemoConfig;
import io.sluice.demo.RunningDemo;
import io.sluice.demo.readings.Reading;
import io.sluice.demo.readings.ReadingStore;
import io.sluice.test.postgres.PostgresDatabase;
import io.sluice.test.postgres.PostgresTest;
import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;

/**
 * The page in a real browser: headless Chromium driven by {@code playwright-core} (the script and
 * its pinned package are in {@code src/test/browser}) against a running demo. Skipped with a
 * message when {@code node}, Chromium or the script's {@code node_modules} are missing, unless the
 * environment sets {@code SLUICE_REQUIRE_BROWSER=1}, as CI does: then it fails.
 */
@PostgresTest
class PageBrowserTests {

  private static final Path SCRIPT_DIR = Path.of("src", "test", "browser");
  private static final Path SCREENSHOT = Path.of("target", "page.png");
  private static final String TOKEN = "page-test-token";

  @Test
  void aReadingPostedWithTheTokenAppearsInThePagesTableAndChart(
      PostgresDatabase postgres, @TempDir Path data) throws Exception {
    Path node = requireTool("node", executableOnPath("node"));
    Path chromium =
        requireTool(
            "Chromium",
            Optional.ofNullable(System.getenv("CHROMIUM"))
                .map(Path::of)
                .or(() -> executableOnPath("chromium"))
                .or(() -> executableOnPath("chromium-browser")));
    requireTool(
        "playwright-core (run npm ci in " + SCRIPT_DIR + ")",
        Optional.of(SCRIPT_DIR.resolve("node_modules/playwright-core")).filter(Files::isDirectory));
    Files.deleteIfExists(SCREENSHOT);

    RunningDemo demo =
        Demo.start(
            DemoConfig.fromEnvironment(
                Map.of(
                    "PORT",
                    "0",
                    "DATABASE_URL",
                    postgres.r2dbcUrl(),
                    "DB_POOL_SIZE",
                    "4",
                    "API_TOKEN",
                    TOKEN,
                    "DATA_DIR",
                    data.toString(),
                    "LOG_FORMAT",
                    "text")));
    try {
      seedLastHours(demo);
      ProcessBuilder builder =
          new ProcessBuilder(node.toString(), "page-test.mjs")
              .directory(SCRIPT_DIR.toFile())
              .redirectErrorStream(true);
      builder.environment().put("BASE_URL", demo.baseUrl());
      builder.environment().put("API_TOKEN", TOKEN);
      builder.environment().put("SCREENSHOT", SCREENSHOT.toAbsolutePath().toString());
      builder.environment().put("CHROMIUM", chromium.toString());
      Process process = builder.start();
      String output;
      try (InputStream in = process.getInputStream()) {
        output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        fail("the page test did not finish within 2 minutes:\n" + output);
      }
      assertThat(process.exitValue()).as(output).isZero();
      assertThat(output).contains("page test passed");
      assertThat(SCREENSHOT).isNotEmptyFile();
    } finally {
      demo.stop(Duration.ofSeconds(5)).block(Duration.ofSeconds(30));
    }
  }

  /** Three stations, a reading every 10 minutes over the last 6 hours: the chart has history. */
  private static void seedLastHours(RunningDemo demo) {
    Instant now = Instant.now();
    List<String> stations = List.of("oslo-1", "bergen-1", "lyon-1");
    new ReadingStore(demo.database())
        .insert(
            Flux.range(0, 36)
                .flatMapIterable(
                    step ->
                        stations.stream()
                            .map(
                                station ->
                                    new Reading(
                                        station,
                                        now.minus(Duration.ofMinutes(10L * (36 - step))),
                                        5
                                            + stations.indexOf(station) * 4
                                            + Math.sin(step / 6.0) * 3,
                                        60,
                                        1012))
                            .toList()))
        .block(Duration.ofSeconds(30));
  }

  private static Path requireTool(String what, Optional<Path> found) {
    if (found.isPresent()) {
      return found.get();
    }
    String message = "The page test needs " + what + ", which is missing";
    if ("1".equals(System.getenv("SLUICE_REQUIRE_BROWSER"))) {
      fail(message + " (SLUICE_REQUIRE_BROWSER=1)");
    }
    Assumptions.abort(message + "; skipped (set SLUICE_REQUIRE_BROWSER=1 to fail instead)");
    throw new AssertionError("unreachable");
  }

  private static Optional<Path> executableOnPath(String name) {
    String path = System.getenv("PATH");
    List<Path> candidates = new ArrayList<>();
    if (path != null) {
      for (String dir : path.split(File.pathSeparator, -1)) {
        if (!dir.isEmpty()) {
          candidates.add(Path.of(dir, name));
        }
      }
    }
    return candidates.stream().filter(Files::isExecutable).findFirst();
  }
}
