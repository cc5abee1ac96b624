package io.sluice.fs.internal;

import io.sluice.fs.FileEntry;
import io.sluice.fs.ReadOptions;
import io.sluice.fs.WalkOptions;
import io.sluice.fs.WriteOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/** The implementations behind {@code ReactiveFiles}' reads, writes, listings and walks. */
public final class FileStreams {

  private FileStreams() {}

  /**
   * Reads a file in chunks.
   *
   * @param path the file
   * @param options chunk size, range and scheduler
   * @return the chunks
   */
  public static Flux<ByteBuffer> read(Path path, ReadOptions options) {
    return read(() -> ChunkSource.openFile(path), options);
  }

  /**
   * Reads channels from an opener in chunks.
   *
   * @param opener opens the channel on the scheduler, once per subscription
   * @param options chunk size, range and scheduler
   * @return the chunks
   */
  public static Flux<ByteBuffer> read(
      Callable<? extends SeekableByteChannel> opener, ReadOptions options) {
    return new BlockingSourcePublisher<>(
        () -> ChunkSource.open(opener, options), options.scheduler());
  }

  /**
   * Writes chunks to a file, one write at a time.
   *
   * @param chunks the content
   * @param target the file
   * @param options mode, fsync and scheduler
   * @return the number of bytes written
   */
  public static Mono<Long> write(Publisher<ByteBuffer> chunks, Path target, WriteOptions options) {
    Scheduler scheduler = options.scheduler();
    return Mono.usingWhen(
        BlockingIo.call(scheduler, () -> FileSink.open(target, options)),
        sink ->
            Flux.from(chunks)
                .concatMap(chunk -> BlockingIo.call(scheduler, () -> sink.write(chunk)), 0)
                .reduce(0L, Long::sum),
        sink -> BlockingIo.run(scheduler, sink::commit),
        (sink, error) -> BlockingIo.run(scheduler, sink::abort),
        sink -> BlockingIo.run(scheduler, sink::abort));
  }

  /**
   * Lists a directory.
   *
   * @param directory the directory
   * @param glob the filter on entry names
   * @param scheduler where the blocking calls run
   * @return the entries
   */
  public static Flux<Path> list(Path directory, String glob, Scheduler scheduler) {
    return new BlockingSourcePublisher<>(() -> DirectoryListing.open(directory, glob), scheduler);
  }

  /**
   * Walks a directory tree.
   *
   * @param start the directory
   * @param options depth, filter, links and scheduler
   * @return the entries, depth first
   */
  public static Flux<FileEntry> walk(Path start, WalkOptions options) {
    return new BlockingSourcePublisher<>(
        () -> DirectoryWalker.open(start, options), options.scheduler());
  }
}
