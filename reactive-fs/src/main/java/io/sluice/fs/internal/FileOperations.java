package io.sluice.fs.internal;

import java.io.IOException;
import java.nio.file.CopyOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/** The one-shot file system operations behind {@code ReactiveFiles}, each on the scheduler. */
public final class FileOperations {

  private FileOperations() {}

  /**
   * Reads attributes.
   *
   * @param path the path
   * @param scheduler where the call runs
   * @param options link options
   * @return the attributes
   */
  public static Mono<BasicFileAttributes> attributes(
      Path path, Scheduler scheduler, LinkOption... options) {
    LinkOption[] copy = options.clone();
    return BlockingIo.call(
        scheduler, () -> Files.readAttributes(path, BasicFileAttributes.class, copy));
  }

  /**
   * Creates a directory and its missing parents.
   *
   * @param directory the directory
   * @param scheduler where the call runs
   * @return the directory
   */
  public static Mono<Path> createDirectories(Path directory, Scheduler scheduler) {
    return BlockingIo.call(scheduler, () -> Files.createDirectories(directory));
  }

  /**
   * Copies a file.
   *
   * @param source the source
   * @param target the target
   * @param scheduler where the call runs
   * @param options copy options
   * @return the target
   */
  public static Mono<Path> copy(
      Path source, Path target, Scheduler scheduler, CopyOption... options) {
    CopyOption[] copy = options.clone();
    return BlockingIo.call(scheduler, () -> Files.copy(source, target, copy));
  }

  /**
   * Moves or renames a file or directory.
   *
   * @param source the source
   * @param target the target
   * @param scheduler where the call runs
   * @param options copy options
   * @return the target
   */
  public static Mono<Path> move(
      Path source, Path target, Scheduler scheduler, CopyOption... options) {
    CopyOption[] copy = options.clone();
    return BlockingIo.call(scheduler, () -> Files.move(source, target, copy));
  }

  /**
   * Deletes a file or an empty directory.
   *
   * @param path the path
   * @param scheduler where the call runs
   * @return completion
   */
  public static Mono<Void> delete(Path path, Scheduler scheduler) {
    return BlockingIo.run(scheduler, () -> Files.delete(path));
  }

  /**
   * Deletes a tree, contents first, without following links; stops at the next entry when
   * cancelled.
   *
   * @param path the root
   * @param scheduler where the calls run
   * @return the number of entries deleted; 0 if the path does not exist
   */
  public static Mono<Long> deleteRecursively(Path path, Scheduler scheduler) {
    return Mono.defer(
        () -> {
          AtomicBoolean cancelled = new AtomicBoolean();
          return BlockingIo.call(scheduler, () -> deleteTree(path, cancelled))
              .doOnCancel(() -> cancelled.set(true));
        });
  }

  private static long deleteTree(Path root, AtomicBoolean cancelled) throws IOException {
    AtomicLong deleted = new AtomicLong();
    if (Files.notExists(root, LinkOption.NOFOLLOW_LINKS)) {
      return 0;
    }
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
              throws IOException {
            return delete(file);
          }

          @Override
          public FileVisitResult postVisitDirectory(Path directory, @Nullable IOException error)
              throws IOException {
            if (error != null) {
              throw error;
            }
            return delete(directory);
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException error) throws IOException {
            if (error instanceof NoSuchFileException) {
              return FileVisitResult.CONTINUE;
            }
            throw error;
          }

          private FileVisitResult delete(Path entry) throws IOException {
            if (cancelled.get()) {
              return FileVisitResult.TERMINATE;
            }
            if (Files.deleteIfExists(entry)) {
              deleted.incrementAndGet();
            }
            return FileVisitResult.CONTINUE;
          }
        });
    return deleted.get();
  }

  /**
   * Creates a new empty file with a unique name.
   *
   * @param directory the directory, or {@code null} for the default temporary directory
   * @param prefix the start of the name
   * @param suffix the end of the name
   * @param scheduler where the call runs
   * @return the file
   */
  public static Mono<Path> createTempFile(
      @Nullable Path directory, String prefix, String suffix, Scheduler scheduler) {
    return BlockingIo.call(
        scheduler,
        () ->
            directory == null
                ? Files.createTempFile(prefix, suffix)
                : Files.createTempFile(directory, prefix, suffix));
  }

  /**
   * Creates a new empty directory with a unique name.
   *
   * @param directory the parent, or {@code null} for the default temporary directory
   * @param prefix the start of the name
   * @param scheduler where the call runs
   * @return the directory
   */
  public static Mono<Path> createTempDirectory(
      @Nullable Path directory, String prefix, Scheduler scheduler) {
    return BlockingIo.call(
        scheduler,
        () ->
            directory == null
                ? Files.createTempDirectory(prefix)
                : Files.createTempDirectory(directory, prefix));
  }
}
