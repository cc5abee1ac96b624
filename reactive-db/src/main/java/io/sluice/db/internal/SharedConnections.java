package io.sluice.db.internal;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ValidationDepth;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs single-round-trip statements outside transactions on a few pooled connections shared by
 * concurrent callers, instead of borrowing a connection per statement.
 *
 * <p>With pipelining on, a statement run through {@link #executeWhole} is written as one pipelined
 * exchange ({@link PipelinedConnection}): the statements of concurrent callers go out back to back
 * on the connection's event loop, without waiting for each other's answers, so one connection
 * carries many statements per round trip. Otherwise (and for {@link #execute}) the driver's own
 * statement path runs them, one statement per round trip per connection: sharing then saves the
 * pool's acquire and release (and their thread hand-offs) per statement, not round trips. Each
 * shared connection is borrowed from the pool on first use (so it counts against the pool's size)
 * and handed back by {@link #close()}. A statement is given the next connection in turn.
 *
 * <p>A statement on a shared connection always runs to its end, whatever its subscriber does:
 * cancelling the driver's conversation before its response arrived would stall the connection for
 * every statement queued behind it, and a CancelRequest would hit whatever statement the backend
 * runs at that moment, possibly another caller's. So the result is read whole and only then
 * emitted; of its values the first {@value #KEPT_VALUES} are kept and the others dropped, which is
 * all that its callers ({@code one()}, which fails on a second row, and {@code rowsUpdated()}, one
 * count) need. A connection found closed after a failure is discarded (closed, then given back so
 * the pool drops it) and the next statement on that turn borrows a new one.
 */
public final class SharedConnections implements StatementExecutor {

  /** The values of a statement's result that are emitted: {@value}. */
  public static final int KEPT_VALUES = 2;

  private final Slot[] slots;
  private final boolean pipelining;
  private final AtomicInteger next = new AtomicInteger();

  /**
   * Creates {@code connections} shared slots over a pool; nothing is borrowed yet.
   *
   * @param pipelining whether {@link #executeWhole} pipelines statements
   */
  public SharedConnections(PooledExecutor pooled, int connections, boolean pipelining) {
    if (connections < 1) {
      throw new IllegalArgumentException("connections must be >= 1, was " + connections);
    }
    this.pipelining = pipelining;
    this.slots = new Slot[connections];
    for (int i = 0; i < connections; i++) {
      slots[i] = new Slot(pooled.acquire());
    }
  }

  @Override
  public <T> Flux<T> execute(
      StatementProgress progress, Function<Connection, ? extends Publisher<T>> work) {
    return onNextSlot((slot, connection) -> work.apply(connection));
  }

  @Override
  public <T> Flux<T> executeWhole(
      StatementProgress progress,
      Function<Connection, ? extends Publisher<T>> work,
      Function<PipelinedConnection, ? extends Publisher<T>> pipelined) {
    if (!pipelining) {
      return execute(progress, work);
    }
    return onNextSlot((slot, connection) -> pipelined.apply(slot.pipeline(connection)));
  }

  private interface SlotWork<T> {
    Publisher<T> run(Slot slot, Connection connection);
  }

  private <T> Flux<T> onNextSlot(SlotWork<T> work) {
    return Flux.defer(
        () -> {
          Slot slot = slots[Math.floorMod(next.getAndIncrement(), slots.length)];
          return slot.connection()
              .flatMapMany(
                  connection ->
                      Flux.<T>from(work.run(slot, connection))
                          .onErrorResume(error -> slot.checkAfter(connection, error))
                          .collect(() -> new ArrayList<T>(KEPT_VALUES), SharedConnections::keep)
                          .flux()
                          // never cancelled once started: see the class comment
                          .publish()
                          .autoConnect()
                          .flatMapIterable(kept -> kept));
        });
  }

  private static <T> void keep(List<T> kept, T value) {
    if (kept.size() < KEPT_VALUES) {
      kept.add(value);
    }
  }

  @Override
  public boolean transactional() {
    return false;
  }

  /** Gives every shared connection back to the pool; call before closing the pool. */
  public Mono<Void> close() {
    return Flux.fromArray(slots).flatMap(Slot::release).then();
  }

  /** One shared connection: borrowed on first use, replaced after it broke. */
  private static final class Slot {

    private final AtomicReference<@Nullable Connection> held = new AtomicReference<>();
    private final AtomicReference<@Nullable PipelinedConnection> pipeline = new AtomicReference<>();
    private final Mono<Connection> connection;

    Slot(Mono<Connection> acquire) {
      // Errors are not cached: a failed borrow is tried again by the next statement. A connection
      // that is no longer the held one (discarded, or given back on close) is borrowed anew.
      this.connection =
          acquire.doOnNext(held::set).cacheInvalidateIf(cached -> held.get() != cached);
    }

    Mono<Connection> connection() {
      return connection;
    }

    /**
     * Returns the pipeline over {@code current}, one per connection so that its prepared statement
     * names are unique on that connection.
     */
    PipelinedConnection pipeline(Connection current) {
      PipelinedConnection existing = pipeline.get();
      if (existing != null && existing.connection() == current) {
        return existing;
      }
      PipelinedConnection created = PipelinedConnection.of(current);
      PipelinedConnection installed =
          pipeline.accumulateAndGet(
              created, (old, fresh) -> old != null && old.connection() == current ? old : fresh);
      return installed == null ? created : installed;
    }

    /**
     * After a statement failed: if the connection itself is gone, discards it (once) so that the
     * next statement borrows another; then propagates the statement's error.
     */
    <T> Flux<T> checkAfter(Connection failed, Throwable error) {
      return Mono.from(failed.validate(ValidationDepth.LOCAL))
          .onErrorReturn(false)
          .flatMapMany(
              valid -> {
                if (valid || !held.compareAndSet(failed, null)) {
                  return Flux.error(error);
                }
                return ConnectionRelease.discard(failed).thenMany(Flux.error(error));
              });
    }

    Mono<Void> release() {
      return Mono.defer(
          () -> {
            Connection connection = held.getAndSet(null);
            return connection == null
                ? Mono.empty()
                : ConnectionRelease.release(connection).onErrorResume(e -> Mono.empty());
          });
    }
  }
}
