package io.sluice.fs;

import io.sluice.codec.LineOptions;
import io.sluice.codec.Lines;
import io.sluice.fs.internal.DirectoryWatch;
import io.sluice.fs.internal.FileOperations;
import io.sluice.fs.internal.FileStreams;
import io.sluice.fs.internal.FileTail;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.CopyOption;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Files and directories as demand-driven publishers, in the manner of Node's {@code fs}: nothing
 * happens until subscription, data flows only as fast as the subscriber requests it, and every
 * blocking call runs on a scheduler that allows blocking ({@link Schedulers#boundedElastic()}
 * unless configured), never on the subscriber's thread.
 *
 * <pre>{@code
 * Flux<String> lines = ReactiveFiles.lines(Path.of("access.log"));
 * Mono<Long> written = ReactiveFiles.write(chunks, target, WriteOptions.defaults()
 *     .withMode(WriteMode.ATOMIC));
 * Flux<String> follow = ReactiveFiles.tail(Path.of("app.log"));
 * Flux<FileChange> changes = ReactiveFiles.watch(dir, WatchOptions.defaults().withRecursive(true));
 * }</pre>
 *
 * <p>Every publisher does its work again for each subscriber. Chunks are fresh heap buffers owned
 * by the subscriber: no pooled memory is exposed, so nothing needs releasing. Failures of the file
 * system arrive through {@code onError} as the JDK's exceptions ({@link
 * java.nio.file.NoSuchFileException}, {@link java.nio.file.AccessDeniedException}, {@link
 * java.nio.file.FileAlreadyExistsException}, {@link java.nio.file.NotDirectoryException}), or
 * {@link IsDirectoryException} for a directory where a file is expected; invalid arguments throw
 * {@link IllegalArgumentException} when the options are built.
 *
 * <p>Why not {@link java.nio.channels.AsynchronousFileChannel}: on Linux and macOS the JDK emulates
 * it with a thread pool doing the same blocking reads, on threads Sluice cannot choose. Sluice does
 * those reads on the configured scheduler instead.
 */
public final class ReactiveFiles {

  private ReactiveFiles() {}

  // ---------------------------------------------------------------- reading

  /**
   * Reads a file in 64 KiB chunks.
   *
   * @param path the file
   * @return the chunks; see {@link #read(Path, ReadOptions)}
   */
  public static Flux<ByteBuffer> read(Path path) {
    return read(path, ReadOptions.defaults());
  }

  /**
   * Reads a file, or a range of it, in chunks.
   *
   * <p><b>Emits</b> the bytes from {@code offset} to the end of the file (or {@code length} bytes
   * at most), in fresh heap buffers of {@code chunkSize} bytes (the last may be shorter), owned by
   * the subscriber. <b>Backpressure:</b> exactly one read of one chunk per requested element, none
   * ahead. <b>Cancellation / resources:</b> the file is opened at the first request and closed
   * after the last chunk, on error and on cancel (at once, or as soon as a read in progress
   * returns). <b>Errors:</b> {@link java.nio.file.NoSuchFileException}, {@link
   * IsDirectoryException}, {@link java.nio.file.AccessDeniedException}, or the {@link
   * java.io.IOException} of a failed read. <b>Defaults:</b> see {@link ReadOptions}.
   *
   * @param path the file
   * @param options chunk size, range and scheduler
   * @return the chunks
   */
  public static Flux<ByteBuffer> read(Path path, ReadOptions options) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(options, "options");
    return FileStreams.read(path, options);
  }

  /**
   * Reads any seekable channel in chunks, like {@link #read(Path, ReadOptions)}: for channels of
   * other file systems, or wrapped channels. The opener is called on the scheduler once per
   * subscription, and the channel it returns is closed by Sluice on completion, error and cancel.
   *
   * @param opener opens the channel, positioned anywhere (it is moved to the options' offset)
   * @param options chunk size, range and scheduler
   * @return the chunks
   */
  public static Flux<ByteBuffer> read(
      Callable<? extends SeekableByteChannel> opener, ReadOptions options) {
    Objects.requireNonNull(opener, "opener");
    Objects.requireNonNull(options, "options");
    return FileStreams.read(opener, options);
  }

  /**
   * Reads the lines of a UTF-8 file.
   *
   * @param path the file
   * @return the lines; see {@link #lines(Path, ReadOptions, LineOptions)}
   */
  public static Flux<String> lines(Path path) {
    return lines(path, ReadOptions.defaults(), LineOptions.defaults());
  }

  /**
   * Reads the lines of a file with the given line options and 64 KiB reads.
   *
   * @param path the file
   * @param lineOptions charset, line limit, BOM and malformed input handling
   * @return the lines; see {@link #lines(Path, ReadOptions, LineOptions)}
   */
  public static Flux<String> lines(Path path, LineOptions lineOptions) {
    return lines(path, ReadOptions.defaults(), lineOptions);
  }

  /**
   * Reads the lines of a file: {@link #read(Path, ReadOptions)} decoded by {@link
   * Lines#decoder(LineOptions)}.
   *
   * <p><b>Emits</b> each line without its terminator ({@code \n} or {@code \r\n}).
   * <b>Backpressure:</b> one chunk is read ahead of the one whose lines are being emitted, at most.
   * <b>Cancellation / resources:</b> the file is closed on completion, error and cancel.
   * <b>Errors:</b> those of {@link #read(Path, ReadOptions)}, {@link
   * io.sluice.codec.LineTooLongException} (with the line number) and {@link
   * io.sluice.codec.MalformedTextException} (with the byte offset) unless malformed input is
   * replaced. <b>Defaults:</b> UTF-8, 1 MiB lines at most, BOM skipped, strict decoding.
   *
   * @param path the file
   * @param readOptions chunk size, range and scheduler
   * @param lineOptions charset, line limit, BOM and malformed input handling
   * @return the lines
   */
  public static Flux<String> lines(Path path, ReadOptions readOptions, LineOptions lineOptions) {
    Objects.requireNonNull(lineOptions, "lineOptions");
    return read(path, readOptions).transform(Lines.decoder(lineOptions));
  }

  // ---------------------------------------------------------------- writing

  /**
   * Writes chunks to a file, creating or truncating it.
   *
   * @param chunks the content
   * @param target the file
   * @return the number of bytes written; see {@link #write(Publisher, Path, WriteOptions)}
   */
  public static Mono<Long> write(Publisher<ByteBuffer> chunks, Path target) {
    return write(chunks, target, WriteOptions.defaults());
  }

  /**
   * Writes chunks to a file.
   *
   * <p><b>Emits</b> the number of bytes written, once the file is complete (forced to disk and
   * renamed into place, for {@link WriteMode#ATOMIC}). <b>Backpressure:</b> one chunk is requested
   * at a time; the next only when the previous one is written. Each chunk is read from position to
   * limit and not changed. <b>Cancellation / resources:</b> the file is closed on completion, error
   * and cancel; what stays of a failed or cancelled write depends on the {@link WriteMode}
   * (nothing, for {@code ATOMIC} and {@code CREATE_NEW}). <b>Errors:</b> {@link
   * java.nio.file.FileAlreadyExistsException} ({@code CREATE_NEW}), {@link
   * java.nio.file.NoSuchFileException} (missing parent directory), {@link
   * java.nio.file.AccessDeniedException}, {@link IsDirectoryException}, I/O errors, and the
   * source's own errors. <b>Defaults:</b> see {@link WriteOptions}.
   *
   * @param chunks the content
   * @param target the file
   * @param options mode, fsync and scheduler
   * @return the number of bytes written
   */
  public static Mono<Long> write(Publisher<ByteBuffer> chunks, Path target, WriteOptions options) {
    Objects.requireNonNull(chunks, "chunks");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(options, "options");
    return FileStreams.write(chunks, target, options);
  }

  /**
   * Writes lines to a file as UTF-8, each followed by {@code \n}, creating or truncating it.
   *
   * @param lines the lines
   * @param target the file
   * @return the number of bytes written; see {@link #writeLines(Publisher, Path, Charset,
   *     WriteOptions)}
   */
  public static Mono<Long> writeLines(Publisher<String> lines, Path target) {
    return writeLines(lines, target, StandardCharsets.UTF_8, WriteOptions.defaults());
  }

  /**
   * Writes lines to a file, each followed by {@code \n}, encoded by {@link Lines#encoder(Charset)}
   * and written in batches of up to 64 KiB (a batch is written when it is full or the lines end).
   * Otherwise as {@link #write(Publisher, Path, WriteOptions)}.
   *
   * @param lines the lines
   * @param target the file
   * @param charset the charset
   * @param options mode, fsync and scheduler
   * @return the number of bytes written
   */
  public static Mono<Long> writeLines(
      Publisher<String> lines, Path target, Charset charset, WriteOptions options) {
    Objects.requireNonNull(lines, "lines");
    Flux<ByteBuffer> batches =
        Flux.defer(
            () -> {
              long[] batched = {0};
              return Flux.from(lines)
                  .transform(Lines.encoder(charset))
                  .bufferUntil(
                      line -> {
                        batched[0] += line.remaining();
                        if (batched[0] >= ReadOptions.DEFAULT_CHUNK_SIZE) {
                          batched[0] = 0;
                          return true;
                        }
                        return false;
                      })
                  .map(ReactiveFiles::concat);
            });
    return write(batches, target, options);
  }

  private static ByteBuffer concat(List<ByteBuffer> buffers) {
    int size = 0;
    for (ByteBuffer buffer : buffers) {
      size += buffer.remaining();
    }
    ByteBuffer joined = ByteBuffer.allocate(size);
    for (ByteBuffer buffer : buffers) {
      joined.put(buffer);
    }
    return joined.flip();
  }

  // ---------------------------------------------------------------- directories

  /**
   * Lists the entries of a directory.
   *
   * @param directory the directory
   * @return the entries; see {@link #list(Path, String, Scheduler)}
   */
  public static Flux<Path> list(Path directory) {
    return list(directory, "*", Schedulers.boundedElastic());
  }

  /**
   * Lists the entries of a directory whose names match a glob.
   *
   * @param directory the directory
   * @param glob a pattern on the entry names, like {@code *.{csv,json}}
   * @return the entries; see {@link #list(Path, String, Scheduler)}
   */
  public static Flux<Path> list(Path directory, String glob) {
    return list(directory, glob, Schedulers.boundedElastic());
  }

  /**
   * Lists the entries of a directory, lazily.
   *
   * <p><b>Emits</b> the path of each entry whose name matches the glob, in the order of the
   * directory (unsorted), without reading their attributes. <b>Backpressure:</b> one entry read per
   * requested element. <b>Cancellation / resources:</b> the directory stream is closed on
   * completion, error and cancel. <b>Errors:</b> {@link java.nio.file.NoSuchFileException}, {@link
   * java.nio.file.NotDirectoryException}, {@link java.nio.file.AccessDeniedException}.
   *
   * @param directory the directory
   * @param glob a pattern on the entry names; {@code *} for all
   * @param scheduler where the blocking calls run
   * @return the entries
   */
  public static Flux<Path> list(Path directory, String glob, Scheduler scheduler) {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(glob, "glob");
    Objects.requireNonNull(scheduler, "scheduler");
    return FileStreams.list(directory, glob, scheduler);
  }

  /**
   * Walks a directory tree.
   *
   * @param start the directory
   * @return the entries; see {@link #walk(Path, WalkOptions)}
   */
  public static Flux<FileEntry> walk(Path start) {
    return walk(start, WalkOptions.defaults());
  }

  /**
   * Walks a directory tree depth-first, lazily: a tree of any size is walked holding one open
   * directory per level, never the whole listing.
   *
   * <p><b>Emits</b> every entry below {@code start} (not {@code start} itself) up to {@code
   * maxDepth}, a directory before its content, with the attributes read while walking; entries that
   * vanish while walking are skipped. <b>Backpressure:</b> entries are read as they are requested.
   * <b>Cancellation / resources:</b> the open directory streams are closed on completion, error and
   * cancel. <b>Errors:</b> {@link java.nio.file.NoSuchFileException} or {@link
   * java.nio.file.NotDirectoryException} for the start, {@link java.nio.file.AccessDeniedException}
   * for a directory that cannot be read, {@link java.nio.file.FileSystemLoopException} when
   * following links in a loop. <b>Defaults:</b> see {@link WalkOptions}.
   *
   * @param start the directory
   * @param options depth, glob, links and scheduler
   * @return the entries
   */
  public static Flux<FileEntry> walk(Path start, WalkOptions options) {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(options, "options");
    return FileStreams.walk(start, options);
  }

  /**
   * Reads the basic attributes of a file, following symbolic links.
   *
   * @param path the path
   * @param options {@link LinkOption#NOFOLLOW_LINKS} for the link itself
   * @return the attributes; {@link java.nio.file.NoSuchFileException} if it does not exist
   */
  public static Mono<BasicFileAttributes> attributes(Path path, LinkOption... options) {
    return attributes(path, Schedulers.boundedElastic(), options);
  }

  /**
   * Reads the basic attributes of a file on the given scheduler.
   *
   * @param path the path
   * @param scheduler where the blocking call runs
   * @param options {@link LinkOption#NOFOLLOW_LINKS} for the link itself
   * @return the attributes; {@link java.nio.file.NoSuchFileException} if it does not exist
   */
  public static Mono<BasicFileAttributes> attributes(
      Path path, Scheduler scheduler, LinkOption... options) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(scheduler, "scheduler");
    return FileOperations.attributes(path, scheduler, options);
  }

  /**
   * Creates a directory and any missing parents; an existing directory is fine.
   *
   * @param directory the directory
   * @return the directory; {@link java.nio.file.FileAlreadyExistsException} if a file is in the way
   */
  public static Mono<Path> createDirectories(Path directory) {
    return createDirectories(directory, Schedulers.boundedElastic());
  }

  /**
   * Creates a directory and any missing parents on the given scheduler.
   *
   * @param directory the directory
   * @param scheduler where the blocking call runs
   * @return the directory; {@link java.nio.file.FileAlreadyExistsException} if a file is in the way
   */
  public static Mono<Path> createDirectories(Path directory, Scheduler scheduler) {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(scheduler, "scheduler");
    return FileOperations.createDirectories(directory, scheduler);
  }

  /**
   * Copies a file (or creates an empty directory for a directory), as {@link
   * java.nio.file.Files#copy(Path, Path, CopyOption...)}.
   *
   * @param source the source
   * @param target the target
   * @param options {@link java.nio.file.StandardCopyOption#REPLACE_EXISTING} and others
   * @return the target; {@link java.nio.file.FileAlreadyExistsException} if it exists and is not
   *     replaced
   */
  public static Mono<Path> copy(Path source, Path target, CopyOption... options) {
    return copy(source, target, Schedulers.boundedElastic(), options);
  }

  /**
   * Copies a file on the given scheduler.
   *
   * @param source the source
   * @param target the target
   * @param scheduler where the blocking call runs
   * @param options copy options
   * @return the target
   */
  public static Mono<Path> copy(
      Path source, Path target, Scheduler scheduler, CopyOption... options) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(scheduler, "scheduler");
    return FileOperations.copy(source, target, scheduler, options);
  }

  /**
   * Moves or renames a file or directory, as {@link java.nio.file.Files#move(Path, Path,
   * CopyOption...)}.
   *
   * @param source the source
   * @param target the target
   * @param options {@link java.nio.file.StandardCopyOption#ATOMIC_MOVE}, {@code REPLACE_EXISTING}
   * @return the target
   */
  public static Mono<Path> move(Path source, Path target, CopyOption... options) {
    return move(source, target, Schedulers.boundedElastic(), options);
  }

  /**
   * Moves or renames a file or directory on the given scheduler.
   *
   * @param source the source
   * @param target the target
   * @param scheduler where the blocking call runs
   * @param options copy options
   * @return the target
   */
  public static Mono<Path> move(
      Path source, Path target, Scheduler scheduler, CopyOption... options) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(scheduler, "scheduler");
    return FileOperations.move(source, target, scheduler, options);
  }

  /**
   * Deletes a file or an empty directory.
   *
   * @param path the path
   * @return completion; {@link java.nio.file.NoSuchFileException} if it does not exist, {@link
   *     java.nio.file.DirectoryNotEmptyException} for a non-empty directory
   */
  public static Mono<Void> delete(Path path) {
    return delete(path, Schedulers.boundedElastic());
  }

  /**
   * Deletes a file or an empty directory on the given scheduler.
   *
   * @param path the path
   * @param scheduler where the blocking call runs
   * @return completion
   */
  public static Mono<Void> delete(Path path, Scheduler scheduler) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(scheduler, "scheduler");
    return FileOperations.delete(path, scheduler);
  }

  /**
   * Deletes a file, or a directory and everything below it, without following symbolic links.
   *
   * @param path the path
   * @return the number of entries deleted; see {@link #deleteRecursively(Path, Scheduler)}
   */
  public static Mono<Long> deleteRecursively(Path path) {
    return deleteRecursively(path, Schedulers.boundedElastic());
  }

  /**
   * Deletes a file, or a directory and everything below it, contents first, without following
   * symbolic links. Cancelling stops before the next entry.
   *
   * @param path the path
   * @param scheduler where the blocking calls run
   * @return the number of entries deleted; 0 if the path does not exist
   */
  public static Mono<Long> deleteRecursively(Path path, Scheduler scheduler) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(scheduler, "scheduler");
    return FileOperations.deleteRecursively(path, scheduler);
  }

  /**
   * Creates a new empty file with a unique name in the default temporary directory.
   *
   * @param prefix the start of the name
   * @param suffix the end of the name, like {@code .tmp}
   * @return the file
   */
  public static Mono<Path> createTempFile(String prefix, String suffix) {
    return FileOperations.createTempFile(null, prefix, suffix, Schedulers.boundedElastic());
  }

  /**
   * Creates a new empty file with a unique name in a directory.
   *
   * @param directory the directory
   * @param prefix the start of the name
   * @param suffix the end of the name
   * @param scheduler where the blocking call runs
   * @return the file
   */
  public static Mono<Path> createTempFile(
      Path directory, String prefix, String suffix, Scheduler scheduler) {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(scheduler, "scheduler");
    return FileOperations.createTempFile(directory, prefix, suffix, scheduler);
  }

  /**
   * Creates a new empty directory with a unique name in the default temporary directory.
   *
   * @param prefix the start of the name
   * @return the directory
   */
  public static Mono<Path> createTempDirectory(String prefix) {
    return FileOperations.createTempDirectory(null, prefix, Schedulers.boundedElastic());
  }

  /**
   * Creates a new empty directory with a unique name in a directory.
   *
   * @param directory the parent directory
   * @param prefix the start of the name
   * @param scheduler where the blocking call runs
   * @return the directory
   */
  public static Mono<Path> createTempDirectory(Path directory, String prefix, Scheduler scheduler) {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(scheduler, "scheduler");
    return FileOperations.createTempDirectory(directory, prefix, scheduler);
  }

  // ---------------------------------------------------------------- following

  /**
   * Follows a file from its end, like {@code tail -F}.
   *
   * @param path the file
   * @return the lines; see {@link #tail(Path, TailOptions)}
   */
  public static Flux<String> tail(Path path) {
    return tail(path, TailOptions.defaults());
  }

  /**
   * Follows a file by name, like {@code tail -F}: emits the lines appended to it, forever.
   *
   * <p>When the file is truncated (shorter than what was read), it is read again from the
   * beginning. When it is rotated (renamed, and a new file created under its name), the old file is
   * read to its end, its last line emitted even without a terminator, then the new file is followed
   * from its beginning. A file that does not exist yet, or is deleted, is waited for. Only complete
   * lines are emitted otherwise: a partial last line waits for its terminator.
   *
   * <p><b>Emits</b> the lines, without terminators. <b>Backpressure:</b> the file is polled only
   * when the previous poll's lines have been requested, and a poll reads at most 16 chunks, so
   * memory stays bounded whatever the file's growth. <b>Cancellation / resources:</b> never
   * completes by itself; the file is closed on cancel and on error. <b>Errors:</b> {@link
   * IsDirectoryException}, {@link java.nio.file.AccessDeniedException}, {@link
   * io.sluice.codec.LineTooLongException}, {@link io.sluice.codec.MalformedTextException}.
   * <b>Defaults:</b> see {@link TailOptions}; poll delays use the timer scheduler, so {@code
   * StepVerifier.withVirtualTime} controls them.
   *
   * @param path the file
   * @param options start, poll interval, line options and schedulers
   * @return the lines
   */
  public static Flux<String> tail(Path path, TailOptions options) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(options, "options");
    return FileTail.follow(path, options);
  }

  // ---------------------------------------------------------------- watching

  /**
   * Watches a directory (not its subdirectories) for changes.
   *
   * @param directory the directory
   * @return the changes; see {@link #watch(Path, WatchOptions)}
   */
  public static Flux<FileChange> watch(Path directory) {
    return watch(directory, WatchOptions.defaults());
  }

  /**
   * Watches a directory, or a whole tree, for created, modified and deleted entries.
   *
   * <p>Natively (inotify on Linux), changes made after the watch is registered, shortly after
   * subscription, are reported; a file written in several steps may give several {@code MODIFIED}
   * changes. By polling, each poll reports the differences since the previous one.
   *
   * <p><b>Emits</b> {@link FileChange}s, and an {@link FileChange.Kind#OVERFLOW} change when events
   * were lost. <b>Backpressure:</b> natively, events wait in the operating system's queue while
   * there is no demand, and an overflow is reported if it fills; by polling, the next listing is
   * made only after the previous changes were requested. <b>Cancellation / resources:</b> completes
   * when the watched directory itself is deleted; the watch service is closed on completion, error
   * and cancel. <b>Errors:</b> {@link java.nio.file.NoSuchFileException}, {@link
   * java.nio.file.NotDirectoryException}, {@link UnsupportedOperationException} for {@link
   * WatchMode#NATIVE} where there is no native watching. <b>Defaults:</b> see {@link WatchOptions}.
   *
   * @param directory the directory
   * @param options recursion, mode, poll interval and schedulers
   * @return the changes
   */
  public static Flux<FileChange> watch(Path directory, WatchOptions options) {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(options, "options");
    return DirectoryWatch.watch(directory, options);
  }
}
