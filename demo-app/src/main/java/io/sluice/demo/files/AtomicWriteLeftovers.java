package io.sluice.demo.files;

import io.sluice.fs.ReactiveFiles;
import io.sluice.fs.WriteMode;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Deletes the temporary files that {@link WriteMode#ATOMIC} writes of a process that died left
 * behind: {@code .<target>.<random>.tmp}, where the target's name starts with the job id (exports
 * {@code <id>.ndjson.gz}, reports {@code <id>-<name>.report.json}). Temporaries of jobs still run
 * by a live instance are kept; other files are never touched.
 */
final class AtomicWriteLeftovers {

  private static final Logger LOG = LoggerFactory.getLogger(AtomicWriteLeftovers.class);

  private static final Pattern TEMPORARY =
      Pattern.compile(
          "\\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})[.-].*\\.tmp");

  private AtomicWriteLeftovers() {}

  /**
   * Deletes the leftover temporaries in a directory.
   *
   * @param directory the directory
   * @param liveJobs ids of the jobs a live instance runs, whose temporaries are kept
   * @return how many files were deleted
   */
  static Mono<Long> remove(Path directory, Set<String> liveJobs) {
    return ReactiveFiles.list(directory)
        .filter(
            path -> {
              Matcher matcher = TEMPORARY.matcher(String.valueOf(path.getFileName()));
              return matcher.matches() && !liveJobs.contains(matcher.group(1));
            })
        .concatMap(
            path ->
                ReactiveFiles.delete(path)
                    .doOnSuccess(done -> LOG.info("Deleted {}, left by a stopped write", path))
                    .thenReturn(1L)
                    .onErrorResume(NoSuchFileException.class, gone -> Mono.just(0L)))
        .reduce(0L, Long::sum);
  }
}
