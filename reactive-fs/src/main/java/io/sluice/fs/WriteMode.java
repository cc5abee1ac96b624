package io.sluice.fs;

/** How a write treats the target file. */
public enum WriteMode {
  /**
   * Creates the file; fails with {@link java.nio.file.FileAlreadyExistsException} if it exists. If
   * the stream fails or is cancelled, the file created is deleted.
   */
  CREATE_NEW,
  /**
   * Creates the file or truncates an existing one. The default. If the stream fails or is
   * cancelled, what was written so far stays.
   */
  TRUNCATE,
  /**
   * Creates the file or appends to an existing one. If the stream fails or is cancelled, what was
   * appended so far stays.
   */
  APPEND,
  /**
   * Writes a temporary file in the target's directory, forces it to disk, then renames it over the
   * target atomically and forces the directory. Readers see the old content or the new, never a
   * part. If the stream fails or is cancelled, the temporary file is deleted and the target is
   * untouched. The file gets the default permissions for new files, not those of the file it
   * replaces.
   */
  ATOMIC
}
