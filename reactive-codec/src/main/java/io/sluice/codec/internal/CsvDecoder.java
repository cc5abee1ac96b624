package io.sluice.codec.internal;

import io.sluice.codec.ChunkDecoder;
import io.sluice.codec.CsvException;
import io.sluice.codec.CsvOptions;
import io.sluice.codec.FrameTooLongException;
import io.sluice.codec.MalformedInputAction;
import io.sluice.codec.MalformedTextException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.ObjectReader;
import tools.jackson.dataformat.csv.CsvReadFeature;
import tools.jackson.dataformat.csv.CsvSchema;

/**
 * Decodes CSV with Jackson's CSV parser. Chunks are cut at record boundaries (a line feed outside
 * quotes, found by tracking quote parity, which RFC 4180's doubled quotes preserve); each run of
 * complete records is decoded from UTF-8 here, strictly, and parsed in one go from the text, and
 * the incomplete record at the end waits for the next chunk.
 *
 * <p>Jackson is given text, not bytes, for two reasons: its byte input skips a byte order mark at
 * the start of every run (only the input's first may be skipped), and it fails on invalid UTF-8
 * while reading ahead, before handing over the records that precede the bad bytes.
 *
 * @param <T> the records emitted
 */
public final class CsvDecoder<T> implements ChunkDecoder<T> {

  private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private final byte quote;
  private final int maxRecordLength;
  private final ObjectReader rowReader;
  private final Function<@Nullable List<String>, ObjectReader> readers;
  private final Function<Object, T> convert;
  private final Preamble preamble = new Preamble(UTF8_BOM);
  private final ByteAccumulator pending = new ByteAccumulator();
  private final TextDecoder utf8 =
      new TextDecoder(StandardCharsets.UTF_8, MalformedInputAction.REPORT);
  private boolean headerPending;
  private @Nullable ObjectReader reader;
  private int scanned;
  private boolean inQuotes;
  private long newlines; // line feeds scanned so far
  private long newlinesBeforePending;
  private long pendingOffset;
  private long records;

  private CsvDecoder(
      CsvOptions options,
      boolean readHeader,
      Function<@Nullable List<String>, ObjectReader> readers,
      Function<Object, T> convert) {
    this.quote = (byte) options.quoteChar();
    this.maxRecordLength = options.maxRecordLength();
    this.rowReader = rowReader(options);
    this.readers = readers;
    this.convert = convert;
    this.headerPending = readHeader;
    if (!readHeader) {
      this.reader = readers.apply(null);
    }
  }

  /**
   * A decoder binding each record to {@code type}: by header names, or by the type's property order
   * when there is no header.
   *
   * @param type the record type
   * @param options the CSV options
   * @param <T> the record type
   * @return the decoder of one subscription
   */
  public static <T> CsvDecoder<T> typed(Class<T> type, CsvOptions options) {
    return new CsvDecoder<>(
        options,
        options.header(),
        columns -> {
          CsvSchema schema;
          if (columns == null) {
            schema = options.mapper().schemaFor(type);
          } else {
            CsvSchema.Builder builder = CsvSchema.builder();
            columns.forEach(builder::addColumn);
            schema = builder.build();
          }
          return options
              .mapper()
              .readerFor(type)
              .with(format(schema, options))
              .with(CsvReadFeature.SKIP_EMPTY_LINES);
        },
        type::cast);
  }

  /**
   * A decoder emitting every record, the header included, as a list of fields.
   *
   * @param options the CSV options
   * @return the decoder of one subscription
   */
  public static CsvDecoder<List<String>> rows(CsvOptions options) {
    ObjectReader rows = rowReader(options);
    return new CsvDecoder<>(options, false, columns -> rows, row -> List.of((String[]) row));
  }

  /** The schema with the options' separator and quote, without a header row. */
  public static CsvSchema format(CsvSchema schema, CsvOptions options) {
    return schema
        .withColumnSeparator(options.separator())
        .withQuoteChar(options.quoteChar())
        .withoutHeader();
  }

  private static ObjectReader rowReader(CsvOptions options) {
    return options
        .mapper()
        .readerFor(String[].class)
        .with(format(CsvSchema.emptySchema(), options))
        .with(CsvReadFeature.WRAP_AS_ARRAY)
        .with(CsvReadFeature.SKIP_EMPTY_LINES);
  }

  @Override
  public void decode(ByteBuffer chunk, Consumer<? super T> out) {
    ByteSlice rest = ByteSlice.of(chunk);
    if (!preamble.isComplete()) {
      rest = preamble.offer(rest);
      if (rest == null) {
        return;
      }
      appendHead();
    }
    pending.append(rest);
    process(out);
  }

  @Override
  public void finish(Consumer<? super T> out) {
    if (!preamble.isComplete()) {
      preamble.completeAtEnd();
      appendHead();
      process(out);
    }
    if (pending.isEmpty()) {
      return;
    }
    if (inQuotes) {
      throw new CsvException(
          newlinesBeforePending + 1, "a quoted field is not closed at the end of the input", null);
    }
    parseRecords(pending.length(), out);
    pending.clear();
  }

  private void appendHead() {
    byte[] head = preamble.bytes();
    int skip = Preamble.startsWith(head, UTF8_BOM) ? UTF8_BOM.length : 0;
    pendingOffset = skip;
    pending.append(head, skip, head.length - skip);
  }

  private void process(Consumer<? super T> out) {
    byte[] bytes = pending.array();
    int length = pending.length();
    int boundary = 0;
    long newlinesAtBoundary = newlines;
    for (int i = scanned; i < length; i++) {
      byte b = bytes[i];
      if (b == quote) {
        inQuotes = !inQuotes;
      } else if (b == '\n') {
        newlines++;
        if (!inQuotes) {
          if (i - boundary > maxRecordLength) {
            // A complete record over the limit: emit the records before it, then fail below, as
            // when the record arrives split across chunks.
            break;
          }
          boundary = i + 1;
          newlinesAtBoundary = newlines;
        }
      }
    }
    scanned = length;
    if (boundary > 0) {
      parseRecords(boundary, out);
      pending.discardFront(boundary);
      scanned -= boundary;
      pendingOffset += boundary;
      newlinesBeforePending = newlinesAtBoundary;
    }
    if (pending.length() > maxRecordLength) {
      long recordNumber = records + 1;
      pending.clear();
      throw new FrameTooLongException(recordNumber, pendingOffset, -1, maxRecordLength);
    }
  }

  /**
   * Decodes and parses the complete records at the start of pending, before {@code end}: the header
   * first if it is still to be read. On invalid UTF-8, the records before the one holding the bad
   * bytes are parsed and emitted, then the stream fails.
   */
  private void parseRecords(int end, Consumer<? super T> out) {
    String run;
    try {
      run = utf8.decode(pending.array(), 0, end, lineAt(0), pendingOffset);
    } catch (MalformedTextException e) {
      int bad = (int) (e.byteOffset() - pendingOffset);
      int recordStart = recordStartBefore(bad);
      if (recordStart > 0) {
        parseRecords(recordStart, out);
      }
      throw new MalformedTextException(
          StandardCharsets.UTF_8, lineAt(bad), e.byteOffset(), e.malformedLength(), e.getCause());
    }
    long firstLine = lineAt(0);
    int from = headerPending ? readHeader(run, firstLine) : 0;
    parse(run, from, firstLine + linesIn(run, from), out);
  }

  /** Where the record holding the byte at {@code index} starts; pending starts with a record. */
  private int recordStartBefore(int index) {
    byte[] bytes = pending.array();
    int start = 0;
    boolean quoted = false;
    for (int i = 0; i < index; i++) {
      if (bytes[i] == quote) {
        quoted = !quoted;
      } else if (bytes[i] == '\n' && !quoted) {
        start = i + 1;
      }
    }
    return start;
  }

  /**
   * Reads the header: the first non-blank record of {@code run}.
   *
   * @return the index in {@code run} where the data records start
   */
  private int readHeader(String run, long firstLine) {
    int end = run.length();
    int from = 0;
    while (headerPending && from < end) {
      int recordEnd = end;
      boolean quoted = false;
      for (int i = from; i < end; i++) {
        char c = run.charAt(i);
        if (c == quote) {
          quoted = !quoted;
        } else if (c == '\n' && !quoted) {
          recordEnd = i + 1;
          break;
        }
      }
      String @Nullable [] header;
      try (MappingIterator<String[]> it = rowReader.readValues(run.substring(from, recordEnd))) {
        header = it.hasNextValue() ? it.nextValue() : null;
      } catch (JacksonException e) {
        throw new CsvException(
            firstLine + linesIn(run, from), "invalid header: " + e.getOriginalMessage(), e);
      }
      if (header != null) {
        headerPending = false;
        reader = readers.apply(Arrays.asList(header));
        records++;
      }
      from = recordEnd;
    }
    return from;
  }

  private void parse(String run, int from, long firstLine, Consumer<? super T> out) {
    ObjectReader current = reader;
    if (from >= run.length() || current == null) {
      return;
    }
    String input = from == 0 ? run : run.substring(from);
    try (MappingIterator<Object> it = current.readValues(input)) {
      while (it.hasNextValue()) {
        T record = convert.apply(it.nextValue());
        records++;
        out.accept(record);
      }
    } catch (JacksonException e) {
      TokenStreamLocation location = e.getLocation();
      int line = location == null ? 1 : Math.max(1, location.getLineNr());
      throw new CsvException(firstLine + line - 1, e.getOriginalMessage(), e);
    }
  }

  /** The number of line feeds in {@code text} before {@code end}. */
  private static long linesIn(String text, int end) {
    long lines = 0;
    for (int i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) {
      lines++;
    }
    return lines;
  }

  /** The input line number of the byte at {@code index} in pending, for a record start. */
  private long lineAt(int index) {
    byte[] bytes = pending.array();
    long line = newlinesBeforePending + 1;
    for (int i = 0; i < index; i++) {
      if (bytes[i] == '\n') {
        line++;
      }
    }
    return line;
  }
}
