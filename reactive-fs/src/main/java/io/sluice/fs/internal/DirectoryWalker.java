package io.sluice.fs.internal;

import io.sluice.fs.FileEntry;
import io.sluice.fs.WalkOptions;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Walks a directory tree depth-first, one entry per {@link #next()}, holding one open directory
 * stream per level of depth and nothing else: a tree of any size is never materialized. A directory
 * is emitted before its content. Entries that vanish while walking are skipped.
 */
final class DirectoryWalker implements BlockingSource<FileEntry> {

  private static final LinkOption[] NO_FOLLOW = {LinkOption.NOFOLLOW_LINKS};
  private static final LinkOption[] FOLLOW = {};

  private record Level(
      DirectoryStream<Path> stream, Iterator<Path> entries, int depth, @Nullable Object key) {}

  private final Path start;
  private final int maxDepth;
  private final @Nullable PathMatcher matcher;
  private final LinkOption[] linkOptions;
  private final boolean followLinks;
  private final Deque<Level> levels = new ArrayDeque<>();

  private DirectoryWalker(Path start, WalkOptions options) {
    this.start = start;
    this.maxDepth = options.maxDepth();
    String glob = options.glob();
    this.matcher = glob == null ? null : start.getFileSystem().getPathMatcher("glob:" + glob);
    this.followLinks = options.followLinks();
    this.linkOptions = followLinks ? FOLLOW : NO_FOLLOW;
  }

  static DirectoryWalker open(Path start, WalkOptions options) throws IOException {
    BasicFileAttributes attributes = Files.readAttributes(start, BasicFileAttributes.class);
    if (!attributes.isDirectory()) {
      throw new NotDirectoryException(start.toString());
    }
    DirectoryWalker walker = new DirectoryWalker(start, options);
    walker.push(start, 1, attributes.fileKey());
    return walker;
  }

  @Override
  public @Nullable FileEntry next() throws IOException {
    while (!levels.isEmpty()) {
      Level level = Objects.requireNonNull(levels.peek());
      Path path;
      try {
        if (!level.entries().hasNext()) {
          levels.pop().stream().close();
          continue;
        }
        path = level.entries().next();
      } catch (DirectoryIteratorException e) {
        throw e.getCause();
      }
      BasicFileAttributes attributes;
      try {
        attributes = Files.readAttributes(path, BasicFileAttributes.class, linkOptions);
      } catch (NoSuchFileException vanished) {
        continue;
      }
      if (attributes.isDirectory() && level.depth() < maxDepth) {
        descend(path, level.depth() + 1, attributes.fileKey());
      }
      if (matcher == null || matcher.matches(start.relativize(path))) {
        return new FileEntry(path, attributes);
      }
    }
    return null;
  }

  private void descend(Path directory, int depth, @Nullable Object key) throws IOException {
    if (followLinks && key != null) {
      for (Level ancestor : levels) {
        if (key.equals(ancestor.key())) {
          throw new FileSystemLoopException(directory.toString());
        }
      }
    }
    try {
      push(directory, depth, key);
    } catch (NoSuchFileException vanished) {
      // Deleted between listing and opening: nothing to walk.
    }
  }

  @SuppressWarnings("StreamResourceLeak") // closed when the level is done, or by close()
  private void push(Path directory, int depth, @Nullable Object key) throws IOException {
    DirectoryStream<Path> stream = Files.newDirectoryStream(directory);
    levels.push(new Level(stream, stream.iterator(), depth, key));
  }

  @Override
  public void close() throws IOException {
    IOException failure = null;
    while (!levels.isEmpty()) {
      try {
        levels.pop().stream().close();
      } catch (IOException e) {
        failure = e;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
