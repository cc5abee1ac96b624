package io.sluice.fs.internal;

import io.sluice.fs.FileChange;
import io.sluice.fs.FileEntry;
import io.sluice.fs.WalkOptions;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Detects changes by listing the directory (or tree) at each poll and comparing each entry's type,
 * size, modification time and file key with the previous listing. Holds one entry per watched path.
 * Directory modifications (their times change when entries come and go) are not reported, matching
 * the native watcher.
 */
final class PollingWatcher {

  private record Stamp(boolean directory, long size, long modified, Object key) {
    static Stamp of(BasicFileAttributes attributes) {
      return new Stamp(
          attributes.isDirectory(),
          attributes.size(),
          attributes.lastModifiedTime().toMillis(),
          Objects.requireNonNullElse(attributes.fileKey(), ""));
    }
  }

  private final Path root;
  private final WalkOptions walk;
  private Map<Path, Stamp> snapshot;
  private boolean rootGone;

  private PollingWatcher(Path root, boolean recursive) throws IOException {
    this.root = root;
    this.walk = recursive ? WalkOptions.defaults() : WalkOptions.defaults().withMaxDepth(1);
    this.snapshot = scan();
  }

  static PollingWatcher open(Path directory, boolean recursive) throws IOException {
    return new PollingWatcher(directory, recursive);
  }

  /** Whether the watched directory itself is gone, which ends the watch. */
  boolean rootGone() {
    return rootGone;
  }

  /** Lists again and returns the differences, sorted by path within each kind. */
  List<FileChange> poll() throws IOException {
    Map<Path, Stamp> current;
    try {
      current = scan();
    } catch (NoSuchFileException | NotDirectoryException gone) {
      rootGone = true;
      current = Map.of();
    }
    List<FileChange> changes = new ArrayList<>();
    for (Map.Entry<Path, Stamp> before : new TreeMap<>(snapshot).entrySet()) {
      Stamp after = current.get(before.getKey());
      if (after == null) {
        changes.add(new FileChange(FileChange.Kind.DELETED, before.getKey()));
      } else if (!after.equals(before.getValue())) {
        if (after.directory() != before.getValue().directory()
            || !after.key().equals(before.getValue().key())) {
          changes.add(new FileChange(FileChange.Kind.DELETED, before.getKey()));
          changes.add(new FileChange(FileChange.Kind.CREATED, before.getKey()));
        } else if (!after.directory()) {
          changes.add(new FileChange(FileChange.Kind.MODIFIED, before.getKey()));
        }
      }
    }
    for (Path added : new TreeMap<>(current).keySet()) {
      if (!snapshot.containsKey(added)) {
        changes.add(new FileChange(FileChange.Kind.CREATED, added));
      }
    }
    snapshot = current;
    return changes;
  }

  private Map<Path, Stamp> scan() throws IOException {
    Map<Path, Stamp> entries = new HashMap<>();
    try (DirectoryWalker walker = DirectoryWalker.open(root, walk)) {
      for (FileEntry entry = walker.next(); entry != null; entry = walker.next()) {
        entries.put(entry.path(), Stamp.of(entry.attributes()));
      }
    }
    return entries;
  }
}
