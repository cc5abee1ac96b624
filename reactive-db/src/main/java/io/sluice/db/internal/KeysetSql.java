package io.sluice.db.internal;

import java.util.Objects;

/**
 * Wraps a query as a subquery to read it one keyset page at a time:
 *
 * <pre>{@code
 * select * from (
 * <the query>
 * ) as keyset_page where "key" > $n+1 order by "key" limit <page size>
 * }</pre>
 *
 * The query's own values keep their numbers {@code $1..$n}; the last key is bound as {@code $n+1}
 * (the first page has no key predicate). The key column is quoted as an identifier and the page
 * size is an integer, so nothing a caller passes as a value ever becomes SQL text. PostgreSQL pulls
 * a simple subquery up into the outer query, so an index on the key column serves each page as a
 * range scan.
 */
public final class KeysetSql {

  private final String first;
  private final String next;

  /**
   * Builds the two statements.
   *
   * @param sql the user's query, a single {@code select} (a trailing semicolon is ignored)
   * @param parameters the number of parameters it uses
   * @param keyColumn the name of an output column of the query, used as the key
   * @param pageSize rows per page
   */
  public KeysetSql(String sql, int parameters, String keyColumn, int pageSize) {
    String body = stripTrailingSemicolons(Objects.requireNonNull(sql, "sql"));
    String key = quote(keyColumn);
    // New lines around the query end any trailing line comment of it.
    String from = "select * from (\n" + body + "\n) as keyset_page";
    String order = " order by " + key + " limit " + pageSize;
    this.first = from + order;
    this.next = from + " where " + key + " > $" + (parameters + 1) + order;
  }

  /** Returns the statement of the first page, without a key predicate. */
  public String first() {
    return first;
  }

  /** Returns the statement of the pages after a key, bound as the last parameter. */
  public String next() {
    return next;
  }

  /** Quotes an identifier: double quotes, doubling those inside. */
  static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  private static String stripTrailingSemicolons(String sql) {
    int end = sql.length();
    while (end > 0 && (Character.isWhitespace(sql.charAt(end - 1)) || sql.charAt(end - 1) == ';')) {
      end--;
    }
    return sql.substring(0, end);
  }
}
