package io.sluice.demo.readings;

import java.util.Objects;

/** One line of an upload after parsing and validation: a valid reading or the reason it is not. */
public sealed interface ParsedLine {

  /**
   * Returns the line's number in the upload, from 1.
   *
   * @return the line number
   */
  long lineNumber();

  /**
   * A line holding a valid reading.
   *
   * @param lineNumber the line number, from 1
   * @param reading the reading
   */
  record Valid(long lineNumber, Reading reading) implements ParsedLine {
    /** Checks the reading is present. */
    public Valid {
      Objects.requireNonNull(reading, "reading");
    }
  }

  /**
   * A line that was rejected.
   *
   * @param lineNumber the line number, from 1
   * @param message why, for the person who sent it
   */
  record Invalid(long lineNumber, String message) implements ParsedLine {
    /** Checks the message is present. */
    public Invalid {
      Objects.requireNonNull(message, "message");
    }
  }
}
