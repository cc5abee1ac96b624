package io.sluice.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.test.postgres.PostgresDatabase;
import io.sluice.test.postgres.PostgresTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@PostgresTest
class StreamingMemoryTests {

  static final long HEAP = 16L * 1024 * 1024;
  static final int WIDTH = 8000;
  static final long ROWS = 20 * HEAP / WIDTH + 1;

  @Test
  void aResultTwentyTimesTheHeapStreamsToASlowSubscriberInA16MegabyteJvm(PostgresDatabase postgres)
      throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Process process =
        new ProcessBuilder(
                List.of(
                    java.toString(),
                    "-Xmx" + HEAP / 1024 / 1024 + "m",
                    "-XX:+ExitOnOutOfMemoryError",
                    "-cp",
                    classPath,
                    StreamingMemoryProbe.class.getName(),
                    postgres.r2dbcUrl(),
                    Long.toString(ROWS),
                    Integer.toString(WIDTH)))
            .redirectErrorStream(true)
            .start();
    boolean exited = process.waitFor(5, TimeUnit.MINUTES);
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!exited) {
      process.destroyForcibly();
    }
    assertThat(exited).as("probe finished; output:%n%s", output).isTrue();
    assertThat(process.exitValue()).as("exit code; output:%n%s", output).isZero();
    assertThat(output).contains("rows=" + ROWS).contains("bytes=" + ROWS * WIDTH);
    assertThat(ROWS * WIDTH).isGreaterThanOrEqualTo(20 * HEAP);
  }
}
