package io.sluice.demo.readings;

import io.sluice.codec.CodecException;
import io.sluice.codec.Csv;
import io.sluice.codec.CsvException;
import io.sluice.codec.CsvOptions;
import io.sluice.codec.LineTooLongException;
import io.sluice.codec.MalformedTextException;
import io.sluice.codec.Ndjson;
import io.sluice.codec.NdjsonException;
import io.sluice.codec.NdjsonLine;
import io.sluice.codec.NdjsonOptions;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns the bytes of an upload into {@link ParsedLine}s, streaming: NDJSON through the codec's
 * tolerant decoder, CSV through its row decoder, each record then checked by the validator.
 *
 * <p>Lines are numbered from 1. For CSV the header is line 1 and each record counts as one line (a
 * record with a quoted line break counts once; blank lines are not counted).
 *
 * <p>Errors: a bad line becomes {@link ParsedLine.Invalid} and decoding goes on. What stops the
 * stream is a {@link MalformedUploadException}: a CSV header without the needed columns, a CSV
 * quote never closed, a CSV record over {@value #MAX_LINE_LENGTH} bytes. An NDJSON line over that
 * limit is skipped as it streams by and reported as invalid. Errors of the body itself (such as a
 * {@code 413}) pass through unchanged.
 */
public final class ReadingDecoder {

  /** The longest line or record, {@value} bytes. */
  public static final int MAX_LINE_LENGTH = 64 * 1024;

  private static final List<String> COLUMNS =
      List.of("stationId", "recordedAt", "temperature", "humidity", "pressure");

  /**
   * Built once, at construction: building it looks up Jackson's deserializer, which may wait on a
   * lock, so it must not happen on an event loop while uploads arrive.
   */
  private final Function<Flux<ByteBuffer>, Flux<NdjsonLine<ReadingLine>>> ndjsonLines;

  /**
   * A decoder reading JSON with the given mapper.
   *
   * @param mapper the JSON mapper
   */
  public ReadingDecoder(JsonMapper mapper) {
    Objects.requireNonNull(mapper, "mapper");
    this.ndjsonLines =
        Ndjson.tolerantDecoder(
            ReadingLine.class,
            NdjsonOptions.defaults().withMapper(mapper).withMaxLineLength(MAX_LINE_LENGTH));
  }

  /**
   * Decodes and validates an upload.
   *
   * @param format the upload's format
   * @return a transformer from body chunks to parsed lines, reusable
   */
  public Function<Flux<ByteBuffer>, Flux<ParsedLine>> decoder(ReadingFormat format) {
    Objects.requireNonNull(format, "format");
    return switch (format) {
      case NDJSON -> this::ndjson;
      case CSV -> ReadingDecoder::csv;
    };
  }

  private Flux<ParsedLine> ndjson(Flux<ByteBuffer> body) {
    return body.transform(ndjsonLines)
        .map(
            line -> {
              if (line instanceof NdjsonLine.Accepted<ReadingLine> accepted) {
                return ReadingValidator.validate(accepted.lineNumber(), accepted.value());
              }
              NdjsonLine.Rejected<ReadingLine> rejected = (NdjsonLine.Rejected<ReadingLine>) line;
              return new ParsedLine.Invalid(rejected.lineNumber(), describe(rejected.error()));
            });
  }

  private static Flux<ParsedLine> csv(Flux<ByteBuffer> body) {
    CsvOptions options = CsvOptions.defaults().withMaxRecordLength(MAX_LINE_LENGTH);
    return Flux.defer(
        () -> {
          AtomicLong lineNumber = new AtomicLong();
          int[] columns = new int[COLUMNS.size()];
          return body.transform(Csv.rowDecoder(options))
              .onErrorMap(CodecException.class, e -> fatal(lineNumber.get() + 1, e))
              .<ParsedLine>handle(
                  (row, sink) -> {
                    long number = lineNumber.incrementAndGet();
                    if (number == 1) {
                      try {
                        readHeader(row, columns);
                      } catch (MalformedUploadException e) {
                        sink.error(e);
                      }
                      return;
                    }
                    sink.next(csvRecord(number, row, columns));
                  });
        });
  }

  private static void readHeader(List<String> header, int[] columns) {
    for (int i = 0; i < COLUMNS.size(); i++) {
      String name = COLUMNS.get(i);
      int index = -1;
      for (int j = 0; j < header.size(); j++) {
        if (header.get(j).strip().equalsIgnoreCase(name)) {
          index = j;
        }
      }
      if (index < 0) {
        throw new MalformedUploadException(
            1,
            "the CSV header must name the columns "
                + String.join(",", COLUMNS)
                + " (in any order); '"
                + name
                + "' is missing",
            null);
      }
      columns[i] = index;
    }
  }

  private static ParsedLine csvRecord(long number, List<String> row, int[] columns) {
    String[] fields = new String[columns.length];
    for (int i = 0; i < columns.length; i++) {
      if (columns[i] >= row.size()) {
        return new ParsedLine.Invalid(
            number, "expected at least " + (columns[i] + 1) + " fields, found " + row.size());
      }
      fields[i] = row.get(columns[i]).strip();
    }
    Double[] numbers = new Double[3];
    for (int i = 0; i < 3; i++) {
      String text = fields[2 + i];
      if (text.isEmpty()) {
        numbers[i] = null;
        continue;
      }
      try {
        numbers[i] = Double.parseDouble(text);
      } catch (NumberFormatException e) {
        return new ParsedLine.Invalid(
            number,
            COLUMNS.get(2 + i) + " is not a number: '" + ReadingValidator.abbreviate(text) + "'");
      }
    }
    return ReadingValidator.validate(
        number,
        new ReadingLine(
            fields[0], fields[1].isEmpty() ? null : fields[1], numbers[0], numbers[1], numbers[2]));
  }

  private static MalformedUploadException fatal(long lineNumber, CodecException e) {
    if (e instanceof CsvException csv) {
      return new MalformedUploadException(
          Math.max(1, csv.lineNumber()), "malformed CSV: " + firstLine(e.getMessage()), e);
    }
    if (e instanceof LineTooLongException) {
      return new MalformedUploadException(
          lineNumber, "record longer than " + MAX_LINE_LENGTH + " bytes", e);
    }
    if (e instanceof MalformedTextException) {
      return new MalformedUploadException(lineNumber, "not valid UTF-8", e);
    }
    return new MalformedUploadException(lineNumber, firstLine(e.getMessage()), e);
  }

  private static String describe(CodecException error) {
    if (error instanceof LineTooLongException) {
      return "line longer than " + MAX_LINE_LENGTH + " bytes";
    }
    if (error instanceof NdjsonException) {
      Throwable cause = error.getCause();
      String reason = cause == null ? error.getMessage() : cause.getMessage();
      return "not a JSON reading: " + firstLine(reason);
    }
    return firstLine(error.getMessage()).toLowerCase(Locale.ROOT);
  }

  private static String firstLine(@org.jspecify.annotations.Nullable String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    String line = newline < 0 ? message : message.substring(0, newline);
    return line.length() <= 200 ? line : line.substring(0, 200) + "...";
  }
}
