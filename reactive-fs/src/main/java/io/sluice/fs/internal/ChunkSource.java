package io.sluice.fs.internal;

import io.sluice.fs.IsDirectoryException;
import io.sluice.fs.ReadOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * Reads a channel in chunks: one read of {@code chunkSize} bytes into a fresh heap buffer per
 * {@link #next()}, within the configured range.
 */
final class ChunkSource implements BlockingSource<ByteBuffer> {

  private final SeekableByteChannel channel;
  private final int chunkSize;
  private long remaining;
  private boolean endOfFile;

  private ChunkSource(SeekableByteChannel channel, ReadOptions options) {
    this.channel = channel;
    this.chunkSize = options.chunkSize();
    this.remaining = options.length();
  }

  /** Opens a channel from the opener, positioned at the options' offset. */
  static ChunkSource open(Callable<? extends SeekableByteChannel> opener, ReadOptions options)
      throws Exception {
    SeekableByteChannel channel = opener.call();
    try {
      if (options.offset() > 0) {
        channel.position(options.offset());
      }
      return new ChunkSource(channel, options);
    } catch (IOException | RuntimeException e) {
      try {
        channel.close();
      } catch (IOException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  /** Opens a regular file for reading; a directory fails with {@link IsDirectoryException}. */
  static FileChannel openFile(Path path) throws IOException {
    BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
    if (attributes.isDirectory()) {
      throw new IsDirectoryException(path.toString());
    }
    return FileChannel.open(path, StandardOpenOption.READ);
  }

  @Override
  public @Nullable ByteBuffer next() throws IOException {
    if (atEnd()) {
      return null;
    }
    ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(chunkSize, remaining));
    while (chunk.hasRemaining()) {
      if (channel.read(chunk) < 0) {
        endOfFile = true;
        break;
      }
    }
    remaining -= chunk.position();
    if (chunk.position() == 0) {
      return null;
    }
    return chunk.flip();
  }

  @Override
  public boolean atEnd() {
    return endOfFile || remaining == 0;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
