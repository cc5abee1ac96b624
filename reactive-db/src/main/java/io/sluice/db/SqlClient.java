package io.sluice.db;

import java.nio.ByteBuffer;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What can run SQL: a {@link Database} (each call on a pooled connection) or a {@link Transaction}
 * (every call on the transaction's connection).
 */
public sealed interface SqlClient permits Database, Transaction {

  /**
   * Starts a query.
   *
   * @param sql one statement with {@code $1..$n} parameters, or, for {@link Query#rowsUpdated()}
   *     without parameters, several separated by semicolons
   * @return the query stage, which binds values next
   */
  Query sql(String sql);

  /**
   * Runs {@code body} in a transaction: on a {@link Database}, a new one that commits when the
   * body's publisher completes; in a {@link Transaction}, a savepoint that is released when it
   * completes. Either is rolled back when the body's publisher fails or the subscriber cancels.
   *
   * @param body builds the transaction's work from the {@link Transaction}
   * @return the body's elements
   */
  <T> Flux<T> inTransaction(Function<Transaction, ? extends Publisher<T>> body);

  /**
   * Runs a {@code COPY ... FROM STDIN} statement fed with {@code data}, and emits the rows copied.
   *
   * <p>The chunks are the COPY data (text, CSV or binary as the statement says), split anywhere,
   * not necessarily at row boundaries. Each chunk is copied when it is received; the caller keeps
   * ownership of the {@link ByteBuffer} and may reuse it after {@code onNext} returns.
   *
   * <p><b>Backpressure:</b> chunks are requested only as the connection writes the previous ones to
   * the server. <b>Cancellation:</b> sends CopyFail, so the server aborts the COPY and nothing is
   * copied. <b>Errors:</b> a malformed row fails with the server's message (for example {@code
   * invalid input syntax for type integer}, with the line in {@link ServerError#where()}) and
   * nothing is copied; an error of {@code data} aborts the COPY and is propagated as is.
   *
   * @param sql a {@code COPY table [(columns)] FROM STDIN [WITH (...)]} statement
   * @param data the chunks to copy
   * @return the number of rows copied
   */
  Mono<Long> copyIn(String sql, Publisher<ByteBuffer> data);

  /**
   * Runs a {@code COPY ... TO STDOUT} statement and emits its output as chunks, one per row for
   * text and CSV formats.
   *
   * <p>Each chunk is a new heap {@link ByteBuffer}, owned by the subscriber, positioned at 0 with
   * the row's bytes remaining.
   *
   * <p><b>Backpressure:</b> the socket is only read as chunks are requested, so the server waits
   * (TCP flow control) while the subscriber is slow; memory holds at most a few hundred chunks.
   * <b>Cancellation:</b> closes the connection (the pool replaces it), which stops the server at
   * once and drops the rows already in flight in socket buffers, cheaper than draining them; in a
   * transaction this also ends the transaction. <b>Errors:</b> a {@link DatabaseException} for what
   * the server rejected.
   *
   * @param sql a {@code COPY table|(query) TO STDOUT [WITH (...)]} statement
   * @return the output chunks
   */
  Flux<ByteBuffer> copyOut(String sql);
}
