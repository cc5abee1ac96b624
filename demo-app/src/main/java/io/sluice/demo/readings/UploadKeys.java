package io.sluice.demo.readings;

import io.sluice.db.SqlClient;
import io.sluice.db.Transaction;
import io.sluice.net.http.ProblemException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code upload_keys} table: idempotency keys of {@code POST /api/readings} with the report of
 * the upload that first used them.
 *
 * <p>A key is claimed with an insert at the start of the upload's transaction. A second upload with
 * the same key blocks on that insert until the first one commits (then it finds the key taken and
 * replays the stored report) or rolls back (then it claims the key itself), so two concurrent
 * retries never both store rows. Keys are kept; deleting old rows is left to the operator.
 */
public final class UploadKeys {

  /** The longest key accepted, {@value} characters. */
  public static final int MAX_KEY_LENGTH = 200;

  private final JsonMapper json;

  /**
   * Keys whose reports are written with the given mapper.
   *
   * @param json the mapper
   */
  public UploadKeys(JsonMapper json) {
    this.json = Objects.requireNonNull(json, "json");
  }

  /**
   * Checks an {@code Idempotency-Key} header value.
   *
   * @param header the header value, or null if absent
   * @return the key, or null if the header is absent
   * @throws ProblemException {@code 400} if it is blank, longer than {@value #MAX_KEY_LENGTH} or
   *     not printable ASCII
   */
  public static @Nullable String validate(@Nullable String header) {
    if (header == null) {
      return null;
    }
    String key = header.strip();
    boolean printable = key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e);
    if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || !printable) {
      throw new ProblemException(
          400,
          "Idempotency-Key must be 1 to "
              + MAX_KEY_LENGTH
              + " printable ASCII characters without spaces");
    }
    return key;
  }

  Mono<Boolean> claim(Transaction tx, String key) {
    return tx.sql("insert into upload_keys (key) values ($1) on conflict do nothing")
        .bind(key)
        .rowsUpdated()
        .map(rows -> rows == 1);
  }

  Mono<IngestReport> record(Transaction tx, String key, IngestReport report) {
    return tx.sql("update upload_keys set report = $2::jsonb where key = $1")
        .bind(key, json.writeValueAsString(report))
        .rowsUpdated()
        .thenReturn(report);
  }

  Mono<IngestReport> stored(SqlClient database, String key) {
    return database
        .sql("select report::text from upload_keys where key = $1")
        .bind(key)
        .map(String.class)
        .one()
        .map(text -> json.readValue(text, IngestReport.class));
  }

  @Override
  public String toString() {
    return "UploadKeys";
  }
}
