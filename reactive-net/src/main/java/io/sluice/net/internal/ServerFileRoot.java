package io.sluice.net.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Resolves request path segments to a regular file inside a root directory, never outside it.
 *
 * <p>Refuses, by returning empty: segments that are {@code .} or {@code ..}, that hold {@code /},
 * {@code \}, {@code :} or NUL (an encoded separator or a drive), that are empty (a double slash) or
 * that make an absolute path; and any file whose real path (symbolic links resolved) is not inside
 * the root's real path. Blocking: call it on a scheduler for blocking work.
 */
public final class ServerFileRoot {

  private final Path root;

  /**
   * Creates a resolver for a root directory.
   *
   * @param root the directory whose files may be served
   */
  public ServerFileRoot(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /**
   * Returns the root directory.
   *
   * @return the absolute, normalized root
   */
  public Path root() {
    return root;
  }

  /**
   * Resolves decoded path segments to a regular, readable file inside the root.
   *
   * @param segments the decoded segments below the route prefix
   * @return the file's real path, or empty if it is missing, not a regular file or outside
   * @throws IOException if the root itself cannot be resolved
   */
  public Optional<Path> resolve(List<String> segments) throws IOException {
    if (segments.isEmpty()) {
      return Optional.empty();
    }
    Path candidate = root;
    for (String segment : segments) {
      if (!isPlainName(segment)) {
        return Optional.empty();
      }
      Path next = candidate.resolve(segment);
      if (!next.startsWith(candidate) || next.getNameCount() != candidate.getNameCount() + 1) {
        return Optional.empty();
      }
      candidate = next;
    }
    if (!Files.isRegularFile(candidate, LinkOption.NOFOLLOW_LINKS)
        && !Files.isSymbolicLink(candidate)) {
      return Optional.empty();
    }
    if (!Files.exists(candidate)) {
      return Optional.empty();
    }
    Path realRoot = root.toRealPath();
    Path real = candidate.toRealPath();
    if (!real.startsWith(realRoot) || !Files.isRegularFile(real) || !Files.isReadable(real)) {
      return Optional.empty();
    }
    return Optional.of(real);
  }

  private static boolean isPlainName(String segment) {
    if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
      return false;
    }
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '/' || c == '\\' || c == ':' || c == 0) {
        return false;
      }
    }
    return true;
  }
}
