package io.sluice.bench.contract;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A reading of a server's memory, which the contract checker samples while it streams. */
interface MemoryProbe {

  /** The memory now, in bytes. */
  long bytes() throws IOException;

  /** What is measured, such as {@code RSS of process 1234}. */
  String description();

  /** How often to sample: as often as a reading's cost allows without disturbing the server. */
  Duration interval();

  /**
   * The live heap of a JVM after a full collection, from {@code jcmd <pid> GC.class_histogram} (the
   * {@code jcmd} of the running JDK). What a server retains, without the noise of heap expansion
   * and JIT arenas that dominates a JVM's RSS; direct buffers are not included. Each reading takes
   * about half a second and pauses the server for one full collection.
   */
  static MemoryProbe liveHeapOf(long pid) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    return new MemoryProbe() {
      @Override
      public long bytes() throws IOException {
        Process process =
            new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.class_histogram")
                .redirectErrorStream(true)
                .start();
        String output;
        try (InputStream in = process.getInputStream()) {
          output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
          if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("jcmd " + pid + " GC.class_histogram failed: " + output);
          }
        } catch (InterruptedException e) {
          process.destroy();
          Thread.currentThread().interrupt();
          throw new IOException("Interrupted while running jcmd", e);
        }
        for (String line : output.split("\n", -1)) {
          String trimmed = line.trim();
          if (trimmed.startsWith("Total")) {
            String[] columns = trimmed.split("\\s+", -1);
            return Long.parseLong(columns[columns.length - 1]);
          }
        }
        throw new IOException("No Total line from jcmd " + pid + " GC.class_histogram: " + output);
      }

      @Override
      public String description() {
        return "live heap of process " + pid;
      }

      @Override
      public Duration interval() {
        return Duration.ofSeconds(2);
      }
    };
  }

  /** The resident set size of a process, from {@code /proc/<pid>/status} (Linux). */
  static MemoryProbe residentSetOf(long pid) {
    Path status = Path.of("/proc", Long.toString(pid), "status");
    return new MemoryProbe() {
      @Override
      public long bytes() throws IOException {
        for (String line : Files.readAllLines(status, StandardCharsets.US_ASCII)) {
          if (line.startsWith("VmRSS:")) {
            String kilobytes = line.substring("VmRSS:".length()).replace("kB", "").trim();
            return Long.parseLong(kilobytes) * 1024;
          }
        }
        throw new IOException("No VmRSS line in " + status);
      }

      @Override
      public String description() {
        return "RSS of process " + pid;
      }

      @Override
      public Duration interval() {
        return Duration.ofMillis(250);
      }
    };
  }
}
