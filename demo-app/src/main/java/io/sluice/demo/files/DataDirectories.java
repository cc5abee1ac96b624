package io.sluice.demo.files;

import io.sluice.fs.ReactiveFiles;
import java.nio.file.Path;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The directories below {@code DATA_DIR}: {@code inbox/} (files to import), {@code done/} and
 * {@code failed/} (imported files with their reports), {@code exports/} (written exports).
 *
 * @param inbox files waiting to be imported
 * @param done imported files, each with a {@code .report.json}
 * @param failed files that could not be imported, each with a {@code .report.json}
 * @param exports finished exports, {@code <id>.ndjson.gz}
 */
public record DataDirectories(Path inbox, Path done, Path failed, Path exports) {

  /** Checks the paths are present and makes them absolute. */
  public DataDirectories {
    inbox = Objects.requireNonNull(inbox, "inbox").toAbsolutePath().normalize();
    done = Objects.requireNonNull(done, "done").toAbsolutePath().normalize();
    failed = Objects.requireNonNull(failed, "failed").toAbsolutePath().normalize();
    exports = Objects.requireNonNull(exports, "exports").toAbsolutePath().normalize();
  }

  /**
   * The standard layout below a data directory.
   *
   * @param dataDir the data directory
   * @return its subdirectories
   */
  public static DataDirectories under(Path dataDir) {
    Objects.requireNonNull(dataDir, "dataDir");
    return new DataDirectories(
        dataDir.resolve("inbox"),
        dataDir.resolve("done"),
        dataDir.resolve("failed"),
        dataDir.resolve("exports"));
  }

  /**
   * Creates the directories that are missing.
   *
   * @return completes once they exist
   */
  public Mono<Void> create() {
    return Flux.just(inbox, done, failed, exports)
        .concatMap(ReactiveFiles::createDirectories)
        .then();
  }
}
