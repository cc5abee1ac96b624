package io.sluice.db.internal;

import io.r2dbc.spi.Connection;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/** Runs statement work on a connection: a pooled one per call, or a transaction's. */
public interface StatementExecutor {

  /**
   * Runs {@code work} on a connection. The returned flux does the work on each subscription.
   *
   * @param progress tracks the statement so that abandoning it knows whether to cancel it
   * @param work the statement work; it reports rows and completion to {@code progress}
   */
  <T> Flux<T> execute(
      StatementProgress progress, Function<Connection, ? extends Publisher<T>> work);

  /**
   * Runs a single statement whose whole result is read at once: pipelined on a shared connection
   * when this executor pipelines ({@link SharedConnections}), else {@code work} on a connection as
   * {@link #execute} does.
   *
   * @param progress tracks the statement, as for {@link #execute}
   * @param work the statement through the driver's own statement path
   * @param pipelined the same statement as one pipelined exchange
   */
  default <T> Flux<T> executeWhole(
      StatementProgress progress,
      Function<Connection, ? extends Publisher<T>> work,
      Function<PipelinedConnection, ? extends Publisher<T>> pipelined) {
    return execute(progress, work);
  }

  /** Returns whether statements run inside a transaction (a failure aborts it). */
  boolean transactional();
}
