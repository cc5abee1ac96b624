package io.sluice.fs.internal;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import io.sluice.fs.FileChange;
import io.sluice.fs.FileEntry;
import io.sluice.fs.WalkOptions;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Changes from the JDK's {@link WatchService}, one per {@link #next()}. Blocks in {@code take()}
 * while nothing happens; {@link #wakeUp()} closes the service to unblock it. In recursive mode,
 * each new directory is registered and its existing content reported as created, since entries made
 * before the registration would otherwise be missed. Events queue in the operating system while
 * there is no demand; when that queue overflows, an {@link FileChange.Kind#OVERFLOW} change is
 * emitted (and, recursively, the tree is scanned again to register new directories).
 */
final class NativeWatchSource implements BlockingSource<FileChange> {

  private final Path root;
  private final boolean recursive;
  private final WatchService service;
  private final Map<WatchKey, Path> directories = new HashMap<>();
  private final Deque<FileChange> pending = new ArrayDeque<>();
  private boolean rootGone;

  private NativeWatchSource(Path root, boolean recursive, WatchService service) {
    this.root = root;
    this.recursive = recursive;
    this.service = service;
  }

  static NativeWatchSource open(Path directory, boolean recursive) throws IOException {
    if (!Files.readAttributes(directory, java.nio.file.attribute.BasicFileAttributes.class)
        .isDirectory()) {
      throw new NotDirectoryException(directory.toString());
    }
    WatchService service = directory.getFileSystem().newWatchService();
    NativeWatchSource source = new NativeWatchSource(directory, recursive, service);
    try {
      source.register(directory, false);
    } catch (IOException | RuntimeException e) {
      service.close();
      throw e;
    }
    return source;
  }

  @Override
  public @Nullable FileChange next() throws IOException {
    while (pending.isEmpty()) {
      if (rootGone) {
        return null;
      }
      WatchKey key;
      try {
        key = service.take();
      } catch (ClosedWatchServiceException closed) {
        return null;
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        return null;
      }
      handle(key);
    }
    return pending.poll();
  }

  private void handle(WatchKey key) throws IOException {
    Path directory = directories.get(key);
    for (WatchEvent<?> event : key.pollEvents()) {
      WatchEvent.Kind<?> kind = event.kind();
      if (kind == OVERFLOW || directory == null) {
        pending.add(new FileChange(FileChange.Kind.OVERFLOW, directory != null ? directory : root));
        if (recursive) {
          register(root, false);
        }
        continue;
      }
      Path child = directory.resolve((Path) event.context());
      if (kind == ENTRY_CREATE) {
        pending.add(new FileChange(FileChange.Kind.CREATED, child));
        if (recursive && Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
          register(child, true);
        }
      } else if (kind == ENTRY_MODIFY) {
        pending.add(new FileChange(FileChange.Kind.MODIFIED, child));
      } else if (kind == ENTRY_DELETE) {
        pending.add(new FileChange(FileChange.Kind.DELETED, child));
      }
    }
    if (!key.reset()) {
      directories.remove(key);
      if (root.equals(directory)) {
        rootGone = true;
      }
    }
  }

  /**
   * Registers a directory, and in recursive mode every directory below it.
   *
   * @param reportContent whether the entries found below it are reported as created
   */
  private void register(Path directory, boolean reportContent) throws IOException {
    try {
      directories.put(
          directory.register(service, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE), directory);
    } catch (NoSuchFileException vanished) {
      return;
    }
    if (!recursive) {
      return;
    }
    try (DirectoryWalker walker = DirectoryWalker.open(directory, WalkOptions.defaults())) {
      for (FileEntry entry = walker.next(); entry != null; entry = walker.next()) {
        if (reportContent) {
          pending.add(new FileChange(FileChange.Kind.CREATED, entry.path()));
        }
        if (entry.isDirectory()) {
          try {
            directories.put(
                entry.path().register(service, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE),
                entry.path());
          } catch (NoSuchFileException vanished) {
            // Deleted meanwhile; its deletion is reported by its parent.
          }
        }
      }
    } catch (NoSuchFileException | NotDirectoryException vanished) {
      // The directory went away while being scanned.
    }
  }

  @Override
  public void wakeUp() throws IOException {
    service.close();
  }

  @Override
  public void close() throws IOException {
    service.close();
  }
}
