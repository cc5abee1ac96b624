package io.sluice.fs.internal;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import org.jspecify.annotations.Nullable;

/** The entries of one directory, one per {@link #next()}, optionally filtered by a glob. */
final class DirectoryListing implements BlockingSource<Path> {

  private final DirectoryStream<Path> stream;
  private final Iterator<Path> entries;

  private DirectoryListing(DirectoryStream<Path> stream) {
    this.stream = stream;
    this.entries = stream.iterator();
  }

  @SuppressWarnings("StreamResourceLeak") // closed by close(), when the Flux terminates
  static DirectoryListing open(Path directory, String glob) throws IOException {
    return new DirectoryListing(Files.newDirectoryStream(directory, glob));
  }

  @Override
  public @Nullable Path next() throws IOException {
    try {
      return entries.hasNext() ? entries.next() : null;
    } catch (DirectoryIteratorException e) {
      throw e.getCause();
    }
  }

  @Override
  public void close() throws IOException {
    stream.close();
  }
}
