package io.sluice.fs;

import java.nio.file.FileSystemException;

/**
 * A directory was found where a file was expected: reading, tailing or writing a path that is a
 * directory. Like the JDK's {@link java.nio.file.NotDirectoryException}, for the opposite case.
 */
public final class IsDirectoryException extends FileSystemException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param path the path that is a directory
   */
  public IsDirectoryException(String path) {
    super(path, null, "is a directory, not a file");
  }
}
