package io.sluice.demo.readings;

import java.util.Objects;

/**
 * Why one line of an upload was rejected.
 *
 * @param line the line number, from 1
 * @param message what is wrong with it
 */
public record LineError(long line, String message) {
  /** Checks the message is present. */
  public LineError {
    Objects.requireNonNull(message, "message");
  }
}
