package io.sluice.db.internal;

/**
 * Counts the positional parameters ({@code $1}, {@code $2}, ...) of a SQL text, skipping string
 * literals, quoted identifiers, dollar-quoted strings and comments.
 */
public final class Placeholders {

  private Placeholders() {}

  /** Returns the highest parameter number used, 0 if none. */
  public static int count(String sql) {
    int max = 0;
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"') {
        i = skipQuoted(sql, i, c);
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int end = sql.indexOf('\n', i);
        i = end < 0 ? n : end + 1;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else if (c == '$') {
        int j = i + 1;
        while (j < n && Character.isDigit(sql.charAt(j))) {
          j++;
        }
        if (j > i + 1 && (i == 0 || !Character.isLetterOrDigit(sql.charAt(i - 1)))) {
          max = Math.max(max, Integer.parseInt(sql.substring(i + 1, Math.min(j, i + 10))));
          i = j;
        } else {
          i = skipDollarQuoted(sql, i);
        }
      } else {
        i++;
      }
    }
    return max;
  }

  private static int skipQuoted(String sql, int start, char quote) {
    int i = start + 1;
    while (i < sql.length()) {
      if (sql.charAt(i) == quote) {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return sql.length();
  }

  private static int skipDollarQuoted(String sql, int start) {
    int i = start + 1;
    while (i < sql.length() && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
      i++;
    }
    if (i < sql.length() && sql.charAt(i) == '$') {
      String tag = sql.substring(start, i + 1);
      int end = sql.indexOf(tag, i + 1);
      return end < 0 ? sql.length() : end + tag.length();
    }
    return start + 1;
  }
}
