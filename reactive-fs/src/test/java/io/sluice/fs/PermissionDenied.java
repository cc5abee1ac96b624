package io.sluice.fs;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Paths the kernel really refuses. A file with mode 000 does that for an ordinary user; root
 * bypasses file modes, so as root the tests use sysctl files in {@code /proc/sys}, where the kernel
 * checks the mode bits even for root: {@code vm/drop_caches} (mode 200) cannot be read, {@code
 * kernel/osrelease} (mode 444) cannot be written.
 */
final class PermissionDenied {

  private PermissionDenied() {}

  static Path unreadableFile(Path directory) throws IOException {
    Path file = Files.writeString(directory.resolve("secret.txt"), "secret");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
    if (!Files.isReadable(file)) {
      return file;
    }
    Path sysctl = Path.of("/proc/sys/vm/drop_caches");
    assumeThat(Files.exists(sysctl)).as("running as root without /proc/sys").isTrue();
    return sysctl;
  }

  static Path unwritableFile(Path directory) throws IOException {
    Path file = Files.writeString(directory.resolve("locked.txt"), "locked");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
    if (!Files.isWritable(file)) {
      return file;
    }
    Path sysctl = Path.of("/proc/sys/kernel/osrelease");
    assumeThat(Files.exists(sysctl)).as("running as root without /proc/sys").isTrue();
    return sysctl;
  }
}
