package io.sluice.db;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What PostgreSQL said about a failed statement: the fields of its {@code ErrorResponse}.
 *
 * @param sqlState the five-character SQLSTATE code, such as {@code 23505}
 * @param message the server's primary message
 * @param detail the server's detail, or {@code null}
 * @param hint the server's hint, or {@code null}
 * @param position the 1-based character position of the error in the SQL, or {@code 0} when the
 *     server gave none
 * @param constraint the violated constraint, or {@code null}
 * @param table the table concerned, or {@code null}
 * @param column the column concerned, or {@code null}
 * @param where the server's context (for example {@code COPY t, line 3}), or {@code null}
 */
public record ServerError(
    String sqlState,
    String message,
    @Nullable String detail,
    @Nullable String hint,
    int position,
    @Nullable String constraint,
    @Nullable String table,
    @Nullable String column,
    @Nullable String where) {

  /** Checks that the code and message are present and the position is not negative. */
  public ServerError {
    Objects.requireNonNull(sqlState, "sqlState");
    Objects.requireNonNull(message, "message");
    if (position < 0) {
      throw new IllegalArgumentException("position must be >= 0, was " + position);
    }
  }

  /** Returns the two-character SQLSTATE class, such as {@code 23} for integrity violations. */
  public String sqlStateClass() {
    return sqlState.length() >= 2 ? sqlState.substring(0, 2) : sqlState;
  }
}
