package io.sluice.fs;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What this process has open, from Linux's {@code /proc/self/fd}: a check that does not rely on the
 * code under test telling the truth.
 */
final class OpenFiles {

  private static final Path FDS = Path.of("/proc/self/fd");

  private OpenFiles() {}

  static void assumeAvailable() {
    assumeThat(Files.isDirectory(FDS)).as("/proc/self/fd (Linux)").isTrue();
  }

  /** How many descriptors point to {@code path}. */
  static long pointingTo(Path path) {
    String target = path.toAbsolutePath().toString();
    return count(target::equals);
  }

  /** How many inotify instances are open (each native watch service holds one). */
  static long inotifyInstances() {
    return count(link -> link.equals("anon_inode:inotify"));
  }

  private static long count(java.util.function.Predicate<String> link) {
    try (Stream<Path> fds = Files.list(FDS)) {
      return fds.map(OpenFiles::target).filter(link).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String target(Path fd) {
    try {
      return Files.readSymbolicLink(fd).toString();
    } catch (IOException gone) {
      return "";
    }
  }
}
