package io.sluice.fs;

/** How changes are detected by {@link ReactiveFiles#watch}. */
public enum WatchMode {
  /**
   * The operating system's notifications (inotify on Linux, ReadDirectoryChangesW on Windows) when
   * the JDK has them for the path's file system; polling otherwise (macOS, where the JDK itself
   * polls, network and non-default file systems). The default.
   */
  AUTO,
  /**
   * The JDK's {@link java.nio.file.WatchService}; fails with {@link UnsupportedOperationException}
   * where the file system has none.
   */
  NATIVE,
  /**
   * Lists the tree every poll interval and compares modification times and sizes. Works everywhere;
   * costs a directory listing per poll; changes within one interval may merge (a file created and
   * deleted between two polls is not seen).
   */
  POLLING
}
