package io.sluice.fs.internal;

import io.sluice.fs.IsDirectoryException;
import io.sluice.fs.WriteMode;
import io.sluice.fs.WriteOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * The file a write stream goes to: opened according to the {@link WriteMode}, written chunk by
 * chunk, then committed (forced, closed and, for atomic writes, renamed over the target) or aborted
 * (closed, and the temporary or newly created file deleted).
 */
final class FileSink {

  private final Path target;
  private final @Nullable Path temporary;
  private final WriteOptions options;
  private final FileChannel channel;
  private volatile boolean aborted;

  private FileSink(
      Path target, @Nullable Path temporary, WriteOptions options, FileChannel channel) {
    this.target = target;
    this.temporary = temporary;
    this.options = options;
    this.channel = channel;
  }

  static FileSink open(Path target, WriteOptions options) throws IOException {
    if (Files.isDirectory(target)) {
      throw new IsDirectoryException(target.toString());
    }
    WriteMode mode = options.mode();
    Set<OpenOption> open = new HashSet<>();
    open.add(StandardOpenOption.WRITE);
    switch (mode) {
      case CREATE_NEW -> open.add(StandardOpenOption.CREATE_NEW);
      case TRUNCATE -> {
        open.add(StandardOpenOption.CREATE);
        open.add(StandardOpenOption.TRUNCATE_EXISTING);
      }
      case APPEND -> {
        open.add(StandardOpenOption.CREATE);
        open.add(StandardOpenOption.APPEND);
      }
      case ATOMIC -> {
        Path temporary = temporarySibling(target);
        open.add(StandardOpenOption.CREATE_NEW);
        return new FileSink(target, temporary, options, FileChannel.open(temporary, open));
      }
    }
    return new FileSink(target, null, options, FileChannel.open(target, open));
  }

  /** A new name next to the target, hidden on Unix: {@code .name.<random>.tmp}. */
  private static Path temporarySibling(Path target) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path directory = absolute.getParent();
    Path name = absolute.getFileName();
    if (directory == null || name == null) {
      throw new IOException(
          "Cannot write atomically to " + target + ": it has no parent directory");
    }
    String random = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    return directory.resolve("." + name + "." + random + ".tmp");
  }

  /** Writes the whole chunk; returns the number of bytes written. */
  long write(ByteBuffer chunk) throws IOException {
    ByteBuffer bytes = chunk.duplicate();
    long written = 0;
    try {
      while (bytes.hasRemaining()) {
        written += channel.write(bytes);
      }
    } catch (ClosedChannelException e) {
      if (aborted) {
        return written; // cancelled meanwhile: the result is dropped anyway
      }
      throw e;
    }
    return written;
  }

  /** Forces, closes and, for atomic writes, renames over the target. Cleans up if that fails. */
  void commit() throws IOException {
    Path temp = temporary;
    try {
      if (options.fsync()) {
        channel.force(true);
      }
      channel.close();
      if (temp != null) {
        moveOver(temp);
        forceDirectory(target.toAbsolutePath().getParent());
      }
    } catch (IOException | RuntimeException e) {
      abort();
      throw e;
    }
  }

  private void moveOver(Path temp) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new AtomicMoveNotSupportedException(
          temp.toString(),
          target.toString(),
          "the file system cannot rename atomically; use another WriteMode");
    }
  }

  /** Makes the rename durable where directories can be opened and forced (Linux, macOS). */
  private static void forceDirectory(@Nullable Path directory) {
    if (directory == null) {
      return;
    }
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Not supported on this platform: the rename is atomic but may not yet be durable.
    }
  }

  /**
   * Closes the file and deletes what must not stay: the temporary file of an atomic write, the file
   * a {@link WriteMode#CREATE_NEW} write created. Errors go to the returned exception, if any.
   */
  void abort() throws IOException {
    aborted = true;
    IOException failure = null;
    try {
      channel.close();
    } catch (IOException e) {
      failure = e;
    }
    Path toDelete = temporary != null ? temporary : null;
    if (toDelete == null && options.mode() == WriteMode.CREATE_NEW) {
      toDelete = target;
    }
    if (toDelete != null) {
      try {
        Files.deleteIfExists(toDelete);
      } catch (IOException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
