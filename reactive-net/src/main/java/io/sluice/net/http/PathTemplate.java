package io.sluice.net.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A route path template: literal segments, {@code {name}} for one segment, and a last {@code
 * {*name}} for the rest of the path. Matches percent-decoded segments.
 */
final class PathTemplate implements Comparable<PathTemplate> {

  private static final int LITERAL = 0;
  private static final int PARAMETER = 1;
  private static final int REST = 2;

  private final String template;
  private final String[] segments;
  private final int[] kinds;

  private PathTemplate(String template, String[] segments, int[] kinds) {
    this.template = template;
    this.segments = segments;
    this.kinds = kinds;
  }

  static PathTemplate parse(String template) {
    if (template.isEmpty() || template.charAt(0) != '/') {
      throw new IllegalArgumentException(
          "path template must start with '/', but was '" + template + "'");
    }
    List<String> parts = new ArrayList<>();
    if (template.length() > 1) {
      Collections.addAll(parts, template.substring(1).split("/", -1));
    }
    String[] segments = new String[parts.size()];
    int[] kinds = new int[parts.size()];
    List<String> names = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      String part = parts.get(i);
      if (part.startsWith("{") && part.endsWith("}")) {
        boolean rest = part.startsWith("{*");
        String name = part.substring(rest ? 2 : 1, part.length() - 1);
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
          throw new IllegalArgumentException(
              "path template '" + template + "' has an invalid parameter name '" + name + "'");
        }
        if (names.contains(name)) {
          throw new IllegalArgumentException(
              "path template '" + template + "' repeats the parameter '" + name + "'");
        }
        if (rest && i != parts.size() - 1) {
          throw new IllegalArgumentException(
              "path template '" + template + "' has {*" + name + "} before its last segment");
        }
        names.add(name);
        segments[i] = name;
        kinds[i] = rest ? REST : PARAMETER;
      } else if (part.indexOf('{') >= 0 || part.indexOf('}') >= 0) {
        throw new IllegalArgumentException(
            "path template '" + template + "' has a malformed segment '" + part + "'");
      } else {
        segments[i] = part;
        kinds[i] = LITERAL;
      }
    }
    return new PathTemplate(template, segments, kinds);
  }

  /** Returns the parameters if the decoded segments match, otherwise {@code null}. */
  @Nullable Map<String, String> match(List<String> path) {
    int count = segments.length;
    boolean rest = count > 0 && kinds[count - 1] == REST;
    int fixed = rest ? count - 1 : count;
    if (rest ? path.size() < fixed : path.size() != count) {
      return null;
    }
    Map<String, String> parameters = null;
    for (int i = 0; i < fixed; i++) {
      String actual = path.get(i);
      if (kinds[i] == LITERAL) {
        if (!segments[i].equals(actual)) {
          return null;
        }
      } else {
        if (actual.isEmpty()) {
          return null;
        }
        if (parameters == null) {
          parameters = new LinkedHashMap<>();
        }
        parameters.put(segments[i], actual);
      }
    }
    if (rest) {
      if (parameters == null) {
        parameters = new LinkedHashMap<>();
      }
      parameters.put(segments[count - 1], String.join("/", path.subList(fixed, path.size())));
    }
    return parameters == null ? Map.of() : Collections.unmodifiableMap(parameters);
  }

  boolean endsWithRest() {
    return segments.length > 0 && kinds[segments.length - 1] == REST;
  }

  int restStart() {
    return segments.length - 1;
  }

  /** More specific first: literal before parameter before rest, segment by segment. */
  @Override
  public int compareTo(PathTemplate other) {
    int shared = Math.min(kinds.length, other.kinds.length);
    for (int i = 0; i < shared; i++) {
      if (kinds[i] != other.kinds[i]) {
        return Integer.compare(kinds[i], other.kinds[i]);
      }
    }
    return Integer.compare(other.kinds.length, kinds.length);
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof PathTemplate that && template.equals(that.template);
  }

  @Override
  public int hashCode() {
    return template.hashCode();
  }

  @Override
  public String toString() {
    return template;
  }
}
