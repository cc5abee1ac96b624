package io.sluice.bench.load;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The server JVM under load, seen from outside (Linux {@code /proc} and the running JDK's {@code
 * jcmd}): memory, threads and open files. Readings that fail give -1 rather than stopping a run.
 */
final class ServerProcess {

  private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

  private final long pid;
  private final Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");

  ServerProcess(long pid) {
    this.pid = pid;
  }

  boolean known() {
    return pid > 0;
  }

  long pid() {
    return pid;
  }

  /**
   * CPU time the process has used so far, user and system, in seconds ({@code /proc/<pid>/stat},
   * assuming the usual 100 ticks per second).
   */
  double cpuSeconds() {
    return cpuSecondsOf(Long.toString(pid));
  }

  /** CPU time this JVM (the load tool) has used so far, in seconds. */
  static double ownCpuSeconds() {
    return cpuSecondsOf("self");
  }

  /** The machine's load average over the last minute ({@code /proc/loadavg}). */
  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII)
          .split(" ", -1)[0];
    } catch (IOException | RuntimeException e) {
      return "n/a";
    }
  }

  private static double cpuSecondsOf(String process) {
    try {
      String stat = Files.readString(Path.of("/proc", process, "stat"), StandardCharsets.US_ASCII);
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ", -1);
      // Fields after the command: state is field 3 of the man page, utime 14 and stime 15.
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** {@code VmRSS} in bytes. */
  long residentBytes() {
    return statusKilobytes("VmRSS:") * 1024;
  }

  /** {@code VmHWM}, the peak resident set since start, in bytes. */
  long peakResidentBytes() {
    return statusKilobytes("VmHWM:") * 1024;
  }

  /** Open file descriptors: sockets, database connections, files. */
  long openFiles() {
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      return fds.count();
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** The heap in use now (live and garbage), from {@code jcmd GC.heap_info}, in bytes. */
  long heapUsedBytes() {
    String info = jcmd("GC.heap_info");
    Matcher matcher = HEAP_USED.matcher(info);
    if (!matcher.find()) {
      return -1;
    }
    return Long.parseLong(matcher.group(1)) * 1024;
  }

  /**
   * The live heap after a full collection, from {@code jcmd GC.class_histogram}: what the server
   * retains. Pauses the server for one full collection.
   */
  long liveHeapBytes() {
    for (String line : jcmd("GC.class_histogram").split("\n", -1)) {
      String trimmed = line.trim();
      if (trimmed.startsWith("Total")) {
        String[] columns = trimmed.split("\\s+", -1);
        return Long.parseLong(columns[columns.length - 1]);
      }
    }
    return -1;
  }

  /** Threads whose name starts with a prefix, from {@code jcmd Thread.print}. */
  long threadsNamed(String prefix) {
    return jcmd("Thread.print").lines().filter(line -> line.startsWith("\"" + prefix)).count();
  }

  private long statusKilobytes(String field) {
    try {
      for (String line :
          Files.readAllLines(
              Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.US_ASCII)) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.substring(field.length()).replace("kB", "").trim());
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  private String jcmd(String command) {
    try {
      Process process =
          new ProcessBuilder(jcmd.toString(), Long.toString(pid), command)
              .redirectErrorStream(true)
              .start();
      String output;
      try (InputStream in = process.getInputStream()) {
        output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroy();
        return "";
      }
      return output;
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }
}
