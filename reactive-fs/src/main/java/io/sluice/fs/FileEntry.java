package io.sluice.fs;

import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * An entry found by {@link ReactiveFiles#walk}: its path and the attributes read while walking, so
 * that no second system call is needed for its type, size or times.
 *
 * @param path the path of the entry (the walk's start resolved with the relative path)
 * @param attributes its attributes, read when it was found (of the link itself, unless links are
 *     followed)
 */
public record FileEntry(Path path, BasicFileAttributes attributes) {

  /**
   * Whether the entry is a directory.
   *
   * @return {@code true} for a directory
   */
  public boolean isDirectory() {
    return attributes.isDirectory();
  }

  /**
   * Whether the entry is a regular file.
   *
   * @return {@code true} for a regular file
   */
  public boolean isRegularFile() {
    return attributes.isRegularFile();
  }

  /**
   * The size of the entry.
   *
   * @return its size in bytes when it was found
   */
  public long size() {
    return attributes.size();
  }
}
