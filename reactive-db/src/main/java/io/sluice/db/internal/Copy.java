package io.sluice.db.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.ReferenceCounted;
import io.r2dbc.postgresql.api.ErrorDetails;
import io.r2dbc.postgresql.client.Client;
import io.r2dbc.postgresql.message.backend.BackendMessage;
import io.r2dbc.postgresql.message.backend.CopyData;
import io.r2dbc.postgresql.message.backend.CopyInResponse;
import io.r2dbc.postgresql.message.backend.ErrorResponse;
import io.r2dbc.postgresql.message.backend.ReadyForQuery;
import io.r2dbc.postgresql.message.frontend.CopyFail;
import io.r2dbc.postgresql.message.frontend.Query;
import io.r2dbc.postgresql.util.Operators;
import io.r2dbc.spi.Connection;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SynchronousSink;

/**
 * COPY in both directions.
 *
 * <p>COPY FROM STDIN uses the driver's {@code PostgresqlConnection#copyIn}: it sends one {@code
 * CopyData} message per chunk and asks the chunk publisher for more only as the socket takes the
 * previous ones (each write completes before the next is requested), so the server's pace throttles
 * the producer.
 *
 * <p>COPY TO STDOUT is missing from the driver, so it is done here on the driver's protocol {@link
 * Client}: a simple {@code Query} message starts the copy; the server answers {@code
 * CopyOutResponse}, one {@code CopyData} per row, {@code CopyDone}, {@code CommandComplete} and
 * {@code ReadyForQuery}, which ends the exchange. Each {@code CopyData} payload is copied into a
 * heap {@link ByteBuffer} and the network buffer released at once. The client only reads from the
 * socket as its subscriber requests, so a slow subscriber stops the server with TCP backpressure.
 * If the subscriber cancels, the exchange keeps being drained (and discarded) by the driver until
 * {@code ReadyForQuery}, while the caller sends a CancelRequest to stop the server early.
 */
public final class Copy {

  private final ErrorTranslator errors;

  /** Creates the copy runner. */
  public Copy(ErrorTranslator errors) {
    this.errors = errors;
  }

  /** Streams the output of a {@code COPY ... TO STDOUT} statement as chunks. */
  public Flux<ByteBuffer> out(Connection connection, String sql, StatementProgress progress) {
    return Flux.defer(
            () -> {
              Client client = DriverAccess.client(connection);
              Flux<BackendMessage> exchange =
                  client.exchange(ReadyForQuery.class::isInstance, Mono.just(new Query(sql)));
              return Operators.discardOnCancel(exchange)
                  .doOnDiscard(ReferenceCounted.class, ReferenceCountUtil::release)
                  .<ByteBuffer>handle(
                      (message, sink) -> onCopyOutMessage(message, sink, sql, client, progress));
            })
        .doOnComplete(progress::done)
        .doOnError(e -> markDoneIfServerError(e, progress));
  }

  private void onCopyOutMessage(
      BackendMessage message,
      SynchronousSink<ByteBuffer> sink,
      String sql,
      Client client,
      StatementProgress progress) {
    if (message instanceof CopyData data) {
      try {
        ByteBuf payload = data.getData();
        ByteBuffer chunk = ByteBuffer.allocate(payload.readableBytes());
        payload.getBytes(payload.readerIndex(), chunk);
        chunk.flip();
        progress.rowReceived();
        sink.next(chunk);
      } finally {
        ReferenceCountUtil.release(data);
      }
    } else if (message instanceof ErrorResponse error) {
      sink.error(ErrorTranslator.fromDetails(new ErrorDetails(error.getFields()), sql, null));
    } else if (message instanceof CopyInResponse) {
      client.send(new CopyFail("COPY FROM STDIN is not supported by copyOut; use copyIn"));
    } else {
      ReferenceCountUtil.release(message);
    }
  }

  /** Feeds chunks to a {@code COPY ... FROM STDIN} statement; emits the rows copied. */
  public Mono<Long> in(
      Connection connection, String sql, Publisher<ByteBuffer> chunks, StatementProgress progress) {
    return Mono.defer(
            () -> {
              AtomicReference<@Nullable Throwable> producerError = new AtomicReference<>();
              // One inner publisher per chunk: the driver reduces each inner publisher into one
              // CopyData message, so handing it the whole flux as one would buffer all of it.
              Flux<Mono<ByteBuf>> data =
                  Flux.from(chunks)
                      .map(chunk -> Mono.<ByteBuf>just(Unpooled.copiedBuffer(chunk)))
                      .doOnError(producerError::set);
              return DriverAccess.postgres(connection)
                  .copyIn(sql)
                  .fromMany(data)
                  .build()
                  .onErrorMap(
                      e -> {
                        Throwable original = producerError.get();
                        if (original != null && original != e) {
                          original.addSuppressed(errors.statementError(e, sql));
                          return original;
                        }
                        return errors.statementError(e, sql);
                      });
            })
        .doOnSuccess(ignored -> progress.done());
  }

  private static void markDoneIfServerError(Throwable error, StatementProgress progress) {
    if (error instanceof io.sluice.db.DatabaseException) {
      progress.done();
    }
  }
}
