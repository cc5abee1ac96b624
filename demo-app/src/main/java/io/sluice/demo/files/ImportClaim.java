package io.sluice.demo.files;

import java.util.Objects;

/**
 * What asking for an import got: a new import, queued, or the earlier import of the same content.
 *
 * @param duplicate whether a file with the same checksum was imported before; the file then goes to
 *     {@code done/} unread
 * @param status the new import's status, or the earlier one's
 */
public record ImportClaim(boolean duplicate, ImportStatus status) {

  /** Checks the status is present. */
  public ImportClaim {
    Objects.requireNonNull(status, "status");
  }
}
