package io.sluice.net.http;

import io.sluice.codec.CodecException;
import io.sluice.codec.CsvException;
import io.sluice.codec.FrameTooLongException;
import io.sluice.codec.LineTooLongException;
import io.sluice.codec.MalformedTextException;
import io.sluice.codec.NdjsonException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;

/**
 * What a request body must look like for the streaming decoders, and what the client is told when
 * it does not: codec failures become problems naming the line.
 */
final class BodyDecoding {

  private static final Set<String> NDJSON_TYPES =
      Set.of(
          "application/x-ndjson",
          "application/ndjson",
          "application/jsonl",
          "application/x-jsonlines",
          "application/json");
  private static final Set<String> CSV_TYPES =
      Set.of("text/csv", "application/csv", "text/comma-separated-values");

  private BodyDecoding() {}

  /** The charset named by a {@code Content-Type}, UTF-8 without one. */
  static Charset charset(@Nullable String contentType) {
    if (contentType == null) {
      return StandardCharsets.UTF_8;
    }
    for (String parameter : contentType.split(";", -1)) {
      int equals = parameter.indexOf('=');
      if (equals > 0 && parameter.substring(0, equals).strip().equalsIgnoreCase("charset")) {
        String name = parameter.substring(equals + 1).strip();
        if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
          name = name.substring(1, name.length() - 1);
        }
        try {
          return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
          throw new ProblemException(415, "The charset '" + name + "' is not supported");
        }
      }
    }
    return StandardCharsets.UTF_8;
  }

  /** Fails with {@code 415} unless the {@code Content-Type} is absent or an NDJSON type. */
  static void requireNdjson(@Nullable String contentType) {
    require(contentType, NDJSON_TYPES, "NDJSON (application/x-ndjson)");
  }

  /** Fails with {@code 415} unless the {@code Content-Type} is absent or a CSV type. */
  static void requireCsv(@Nullable String contentType) {
    require(contentType, CSV_TYPES, "CSV (text/csv)");
  }

  private static void require(@Nullable String contentType, Set<String> accepted, String what) {
    if (contentType != null && !accepted.contains(mediaType(contentType))) {
      throw new ProblemException(
          415, "Expected a " + what + " body, but got " + contentType.strip());
    }
  }

  private static String mediaType(String contentType) {
    return contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
  }

  /**
   * The problem a codec failure is answered with: {@code 400} for input that does not decode or
   * does not fit {@code type}, {@code 413} for a line or record over its limit, each naming the
   * line, the failure as cause. Jackson's messages are passed on only for syntax errors; a value of
   * the wrong shape is described by its JSON pointer, so no class names reach the client.
   */
  static Throwable problem(Throwable error, Class<?> type) {
    if (!(error instanceof CodecException)) {
      return error;
    }
    ProblemException problem;
    if (error instanceof NdjsonException e) {
      problem =
          misfit("NDJSON", e.lineNumber(), e.getCause(), String.valueOf(e.getMessage()), type);
    } else if (error instanceof CsvException e) {
      problem = misfit("CSV", e.lineNumber(), e.getCause(), String.valueOf(e.getMessage()), type);
    } else if (error instanceof MalformedTextException e) {
      problem =
          new ProblemException(
              400,
              "Malformed "
                  + e.charset()
                  + " at line "
                  + e.lineNumber()
                  + " (byte "
                  + e.byteOffset()
                  + ")",
              Map.of("line", e.lineNumber()));
    } else if (error instanceof LineTooLongException e) {
      problem =
          new ProblemException(
              413,
              "Line " + e.lineNumber() + " is longer than " + e.maxLineLength() + " bytes",
              Map.of("line", e.lineNumber()));
    } else if (error instanceof FrameTooLongException e) {
      problem =
          new ProblemException(
              413,
              "Record "
                  + e.frameNumber()
                  + " (byte "
                  + e.byteOffset()
                  + ") is longer than "
                  + e.maxFrameLength()
                  + " bytes",
              Map.of("record", e.frameNumber()));
    } else {
      problem = new ProblemException(400, "The request body could not be decoded");
    }
    problem.initCause(error);
    return problem;
  }

  private static ProblemException misfit(
      String format, long line, @Nullable Throwable cause, String message, Class<?> type) {
    if (cause instanceof JacksonException jackson && !(cause instanceof StreamReadException)) {
      String pointer = jsonPointer(jackson);
      return new ProblemException(
          400,
          "The "
              + format
              + " value at '"
              + pointer
              + "' on line "
              + line
              + " does not fit the expected "
              + type.getSimpleName(),
          Map.of("line", line, "pointer", pointer));
    }
    return new ProblemException(400, message, Map.of("line", line));
  }

  /** The RFC 6901 pointer of the value Jackson failed on, {@code /} for the root. */
  static String jsonPointer(JacksonException e) {
    StringBuilder pointer = new StringBuilder();
    for (JacksonException.Reference reference : e.getPath()) {
      pointer.append('/');
      if (reference.getPropertyName() != null) {
        pointer.append(reference.getPropertyName().replace("~", "~0").replace("/", "~1"));
      } else if (reference.getIndex() >= 0) {
        pointer.append(reference.getIndex());
      }
    }
    return pointer.length() == 0 ? "/" : pointer.toString();
  }
}
