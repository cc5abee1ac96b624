package io.sluice.demo.files;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The state of one export, as {@code GET /api/exports/{id}} shows it.
 *
 * @param id the export's id
 * @param status {@code queued}, {@code running}, {@code done} or {@code failed}
 * @param rows readings written so far (while running on this instance) or in total
 * @param bytes the size of the gzip file, once done
 * @param total readings the query selects, once counted
 * @param progress {@code rows / total}, 0 to 1, once counted
 * @param file where to download it, once done
 * @param createdAt when the export was asked for
 * @param finishedAt when it finished
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExportStatus(
    String id,
    String status,
    long rows,
    long bytes,
    @Nullable Long total,
    @Nullable Double progress,
    @Nullable String file,
    Instant createdAt,
    @Nullable Instant finishedAt) {

  /** Checks the required values. */
  public ExportStatus {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
