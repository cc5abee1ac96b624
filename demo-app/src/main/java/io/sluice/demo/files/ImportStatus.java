package io.sluice.demo.files;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The state of one file import, as {@code GET /api/imports/{id}} shows it.
 *
 * @param id the import's id
 * @param fileName the file's name in the inbox
 * @param checksum the SHA-256 of the file's content; a file with the same checksum is not imported
 *     again
 * @param status {@code queued}, {@code running}, {@code done} or {@code failed}
 * @param accepted readings stored
 * @param rejected lines skipped
 * @param errors the first rejected lines ({@code line}, {@code message}), or why the import failed
 * @param progress the share of the file read so far, 0 to 1, while running on this instance; 1 once
 *     finished
 * @param createdAt when the import was registered
 * @param finishedAt when it finished
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImportStatus(
    String id,
    String fileName,
    String checksum,
    String status,
    long accepted,
    long rejected,
    @Nullable JsonNode errors,
    @Nullable Double progress,
    Instant createdAt,
    @Nullable Instant finishedAt) {

  /** Checks the required values. */
  public ImportStatus {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(checksum, "checksum");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  ImportStatus withProgress(@Nullable Double value) {
    return new ImportStatus(
        id, fileName, checksum, status, accepted, rejected, errors, value, createdAt, finishedAt);
  }
}
