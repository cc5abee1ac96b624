package io.sluice.codec;

import io.sluice.codec.internal.CsvDecoder;
import io.sluice.codec.internal.DecodingTransformer;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.dataformat.csv.CsvSchema;

/**
 * CSV (RFC 4180) for any Flux of byte chunks, parsed and written by Jackson's CSV module: quoted
 * fields may hold separators, doubled quotes and line breaks.
 *
 * <pre>{@code
 * record Trade(String symbol, int quantity, double price) {}
 *
 * Flux<Trade> trades = chunks.transform(Csv.decoder(Trade.class));   // header: symbol,quantity,price
 * Flux<List<String>> rows = chunks.transform(Csv.rowDecoder());
 * Flux<ByteBuffer> bytes = trades.transform(Csv.encoder(Trade.class));
 * }</pre>
 *
 * <p>Input is UTF-8; a byte order mark that starts the input is skipped, and any other U+FEFF is
 * kept as text. Records end at {@code \n} or {@code \r\n}; a lone {@code \r} does not end a record.
 * Blank lines are skipped. Output lines end with {@code \n}.
 */
public final class Csv {

  private Csv() {}

  /**
   * Decodes records of {@code type} with the {@link CsvOptions#defaults() default options} (comma,
   * double quote, header row).
   *
   * @param type the record type
   * @param <T> the record type
   * @return the transformer; see {@link #decoder(Class, CsvOptions)}
   */
  public static <T> Function<Flux<ByteBuffer>, Flux<T>> decoder(Class<T> type) {
    return decoder(type, CsvOptions.defaults());
  }

  /**
   * Decodes each record into a {@code type}: columns bind to properties by the header's names, or
   * by the type's property order when {@link CsvOptions#withHeader(boolean) there is no header}.
   *
   * <p><b>Emits</b> one value per data record, in order. <b>Backpressure:</b> one chunk is
   * requested ahead at most; the records of a chunk are emitted as downstream demands them; at most
   * {@code maxRecordLength} bytes plus one chunk are buffered. <b>Cancellation:</b> cancels the
   * source. <b>Errors:</b> {@link CsvException} with the line number for a record Jackson rejects
   * (more fields than columns, a value of the wrong type, a property the type lacks unless the
   * mapper ignores unknown properties) or a quoted field never closed; {@link
   * FrameTooLongException} for a record longer than {@code maxRecordLength}; {@link
   * MalformedTextException} with the line and byte offset of the first invalid UTF-8 byte. Records
   * before the failure are emitted first, even those that arrived in the same chunk as the bad
   * bytes. Source errors pass through.
   *
   * @param type the record type
   * @param options separator, quote, header, limit and mapper
   * @param <T> the record type
   * @return the transformer, reusable for any number of subscriptions
   */
  public static <T> Function<Flux<ByteBuffer>, Flux<T>> decoder(Class<T> type, CsvOptions options) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(options, "options");
    return new DecodingTransformer<>(() -> CsvDecoder.typed(type, options));
  }

  /**
   * Decodes every record as a list of fields with the default options.
   *
   * @return the transformer; see {@link #rowDecoder(CsvOptions)}
   */
  public static Function<Flux<ByteBuffer>, Flux<List<String>>> rowDecoder() {
    return rowDecoder(CsvOptions.defaults());
  }

  /**
   * Decodes every record, the header row included, as an immutable list of its fields (unquoted;
   * empty fields are empty strings). Backpressure, cancellation and errors as {@link
   * #decoder(Class, CsvOptions)}; the header option is ignored.
   *
   * @param options separator, quote and limit
   * @return the transformer, reusable for any number of subscriptions
   */
  public static Function<Flux<ByteBuffer>, Flux<List<String>>> rowDecoder(CsvOptions options) {
    Objects.requireNonNull(options, "options");
    return new DecodingTransformer<>(() -> CsvDecoder.rows(options));
  }

  /**
   * Encodes values of {@code type} with the default options, after a header row.
   *
   * @param type the record type
   * @param <T> the record type
   * @return the transformer; see {@link #encoder(Class, CsvOptions)}
   */
  public static <T> Function<Flux<T>, Flux<ByteBuffer>> encoder(Class<T> type) {
    return encoder(type, CsvOptions.defaults());
  }

  /**
   * Encodes each value as one record, its columns in the type's property order, quoting fields that
   * need it.
   *
   * <p><b>Emits</b> first the header row (when {@link CsvOptions#header()} is set, even for an
   * empty source), then one fresh heap buffer per value, owned by the subscriber.
   * <b>Backpressure:</b> one value per requested buffer. <b>Errors:</b> Jackson's exception if a
   * value cannot be written; source errors pass through.
   *
   * @param type the record type
   * @param options separator, quote, header and mapper
   * @param <T> the record type
   * @return the transformer, reusable for any number of subscriptions
   */
  public static <T> Function<Flux<T>, Flux<ByteBuffer>> encoder(Class<T> type, CsvOptions options) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(options, "options");
    CsvSchema schema = CsvDecoder.format(options.mapper().schemaFor(type), options);
    ObjectWriter writer = options.mapper().writer(schema);
    byte[] header =
        rowWriter(options).writeValueAsBytes(schema.getColumnNames().toArray(new String[0]));
    return values -> {
      Flux<ByteBuffer> records =
          values.map(value -> ByteBuffer.wrap(writer.writeValueAsBytes(value)));
      return options.header()
          ? Flux.defer(() -> Flux.just(ByteBuffer.wrap(header.clone()))).concatWith(records)
          : records;
    };
  }

  /**
   * Encodes rows of fields with the default options.
   *
   * @return the transformer; see {@link #rowEncoder(CsvOptions)}
   */
  public static Function<Flux<List<String>>, Flux<ByteBuffer>> rowEncoder() {
    return rowEncoder(CsvOptions.defaults());
  }

  /**
   * Encodes each list of fields as one record, quoting fields that need it. The header option is
   * ignored: write the header as the first row.
   *
   * <p><b>Emits</b> one fresh heap buffer per row. <b>Backpressure:</b> one row per requested
   * buffer. <b>Errors:</b> source errors pass through.
   *
   * @param options separator and quote
   * @return the transformer
   */
  public static Function<Flux<List<String>>, Flux<ByteBuffer>> rowEncoder(CsvOptions options) {
    Objects.requireNonNull(options, "options");
    ObjectWriter writer = rowWriter(options);
    return rows ->
        rows.map(row -> ByteBuffer.wrap(writer.writeValueAsBytes(row.toArray(new String[0]))));
  }

  private static ObjectWriter rowWriter(CsvOptions options) {
    return options
        .mapper()
        .writerFor(String[].class)
        .with(CsvDecoder.format(CsvSchema.emptySchema(), options));
  }
}
