package io.sluice.fs.internal;

import io.sluice.codec.ChunkDecoder;
import io.sluice.codec.LineOptions;
import io.sluice.codec.Lines;
import io.sluice.fs.IsDirectoryException;
import io.sluice.fs.TailOptions;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Follows a file by name like {@code tail -F}: reads what was appended since the last poll,
 * restarts from the beginning when the file is truncated, and when another file takes its name
 * (rotation), reads the old file to its end, emits its last unterminated line, then follows the new
 * file from its beginning. A missing file is waited for.
 *
 * <p>Rotation is recognized by the file key (device and inode on Unix); where the file system has
 * no file keys, only truncation is detected. Not thread-safe: polls run one at a time.
 */
final class FileFollower implements Closeable {

  private static final int CHUNKS_PER_POLL = 16;

  private final Path path;
  private final TailOptions options;
  private final ByteBuffer buffer;
  private @Nullable FileChannel channel;
  private @Nullable Object fileKey;
  private long position;
  private ChunkDecoder<String> decoder;
  private volatile boolean caughtUp;
  private @Nullable Exception pendingError;

  private FileFollower(Path path, TailOptions options) {
    this.path = path;
    this.options = options;
    this.buffer = ByteBuffer.allocate(options.chunkSize());
    this.decoder = Lines.newDecoder(options.lineOptions());
  }

  /** Starts following; a directory fails at once, a missing file is waited for. */
  static FileFollower open(Path path, TailOptions options) throws IOException {
    FileFollower follower = new FileFollower(path, options);
    BasicFileAttributes attributes = follower.attributes();
    if (attributes != null) {
      if (attributes.isDirectory()) {
        throw new IsDirectoryException(path.toString());
      }
      follower.openChannel(
          size -> options.startsAtEnd() ? size : Math.min(options.startOffset(), size));
    }
    return follower;
  }

  /** Whether the last poll reached the end of the file, so the next one should wait. */
  boolean caughtUp() {
    return caughtUp;
  }

  /**
   * Reads what is new, up to a bounded number of chunks.
   *
   * @return the complete lines found, possibly none
   */
  List<String> poll() throws Exception {
    Exception error = pendingError;
    if (error != null) {
      throw error;
    }
    List<String> lines = new ArrayList<>();
    try {
      readNew(lines);
    } catch (IOException | RuntimeException e) {
      if (lines.isEmpty()) {
        throw e;
      }
      // Emit the lines found before the failure first; fail at the next poll, at once.
      pendingError = e;
      caughtUp = false;
    }
    return lines;
  }

  private void readNew(List<String> lines) throws IOException {
    int chunks = 0;
    while (chunks < CHUNKS_PER_POLL) {
      FileChannel current = channel;
      if (current == null) {
        if (attributes() == null || !openChannel(size -> 0L)) {
          caughtUp = true;
          return;
        }
        continue;
      }
      if (current.size() < position) {
        // Truncated in place: start again from the beginning, dropping any partial line.
        position = 0;
        decoder = Lines.newDecoder(options.lineOptions());
      }
      buffer.clear();
      int read = current.read(buffer, position);
      if (read > 0) {
        position += read;
        decoder.decode(buffer.flip(), lines::add);
        chunks++;
        continue;
      }
      BasicFileAttributes now = attributes();
      Object key = now == null ? null : now.fileKey();
      if (key != null && !key.equals(fileKey)) {
        // Rotated: the old file is read to its end; follow the new one from its start.
        decoder.finish(lines::add);
        closeChannel();
        decoder = Lines.newDecoder(options.lineOptions());
        continue;
      }
      caughtUp = true;
      return;
    }
    caughtUp = false;
  }

  private @Nullable BasicFileAttributes attributes() throws IOException {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class);
    } catch (NoSuchFileException missing) {
      return null;
    }
  }

  /** Opens the file at the position chosen from its size; false if it vanished meanwhile. */
  private boolean openChannel(java.util.function.LongUnaryOperator start) throws IOException {
    FileChannel opened;
    try {
      opened = FileChannel.open(path, StandardOpenOption.READ);
    } catch (NoSuchFileException vanished) {
      return false;
    }
    try {
      BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
      if (attributes.isDirectory()) {
        throw new IsDirectoryException(path.toString());
      }
      fileKey = attributes.fileKey();
      position = start.applyAsLong(opened.size());
    } catch (IOException | RuntimeException e) {
      opened.close();
      throw e;
    }
    LineOptions lineOptions = options.lineOptions();
    decoder = Lines.newDecoder(position == 0 ? lineOptions : lineOptions.withSkipBom(false));
    channel = opened;
    return true;
  }

  private void closeChannel() throws IOException {
    FileChannel current = channel;
    channel = null;
    fileKey = null;
    if (current != null) {
      current.close();
    }
  }

  @Override
  public void close() throws IOException {
    closeChannel();
  }

  @Override
  public String toString() {
    return "FileFollower{" + path + " at " + position + ", key=" + Objects.toString(fileKey) + "}";
  }
}
