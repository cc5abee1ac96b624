package io.sluice.codec.internal;

import io.sluice.codec.ChunkDecoder;
import io.sluice.codec.CsvException;
import io.sluice.codec.CsvOptions;
import io.sluice.codec.FrameTooLongException;
import java.nio.ByteBuffer;
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
 * complete records is parsed in one go, and the incomplete record at the end waits for the next
 * chunk.
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
    int end = pending.length();
    int from = headerPending ? readHeader(end) : 0;
    parse(pending.array(), from, end, lineAt(from), out);
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
      int from = headerPending ? readHeader(boundary) : 0;
      parse(bytes, from, boundary, lineAt(from), out);
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
   * Reads the header: the first non-blank record in pending before {@code end}.
   *
   * @return where the data records start
   */
  private int readHeader(int end) {
    byte[] bytes = pending.array();
    int from = 0;
    while (headerPending && from < end) {
      int recordEnd = end;
      boolean quoted = false;
      for (int i = from; i < end; i++) {
        if (bytes[i] == quote) {
          quoted = !quoted;
        } else if (bytes[i] == '\n' && !quoted) {
          recordEnd = i + 1;
          break;
        }
      }
      String @Nullable [] header;
      try (MappingIterator<String[]> it = rowReader.readValues(bytes, from, recordEnd - from)) {
        header = it.hasNextValue() ? it.nextValue() : null;
      } catch (JacksonException e) {
        throw new CsvException(lineAt(from), "invalid header: " + e.getOriginalMessage(), e);
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

  private void parse(byte[] bytes, int from, int to, long firstLine, Consumer<? super T> out) {
    ObjectReader current = reader;
    if (from >= to || current == null) {
      return;
    }
    try (MappingIterator<Object> it = current.readValues(bytes, from, to - from)) {
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
