package io.sluice.bench.load;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Reads a load tool's settings from environment variables: each accessor names the variable, its
 * default and its bounds, and a malformed or out-of-range value fails with a message that names
 * both.
 */
final class LoadSettings {

  private final Map<String, String> env;

  LoadSettings(Map<String, String> env) {
    this.env = Objects.requireNonNull(env, "env");
  }

  String text(String name, String fallback) {
    String value = env.get(name);
    return value == null || value.isBlank() ? fallback : value.strip();
  }

  int number(String name, int fallback, int min, int max) {
    String value = text(name, Integer.toString(fallback));
    int parsed;
    try {
      parsed = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " is not a whole number: '" + value + "'", e);
    }
    if (parsed < min || parsed > max) {
      throw new IllegalArgumentException(
          name + " must be from " + min + " to " + max + ", was " + parsed);
    }
    return parsed;
  }

  Duration seconds(String name, int fallback, int min, int max) {
    return Duration.ofSeconds(number(name, fallback, min, max));
  }

  long pid() {
    String value = text("SERVER_PID", "");
    if (value.isEmpty()) {
      return -1;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("SERVER_PID is not a process id: '" + value + "'", e);
    }
  }
}
