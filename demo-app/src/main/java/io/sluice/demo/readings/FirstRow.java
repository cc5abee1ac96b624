package io.sluice.demo.readings;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Waits for the first row of a query before a response is committed to streaming it: the status of
 * a streamed response can be chosen only until its first byte, so an outage must surface before
 * then.
 */
final class FirstRow {

  private FirstRow() {}

  /**
   * Subscribes to {@code rows} and waits for their first signal.
   *
   * <p><b>Emits</b> the rows stream once the first row arrived or the query completed without rows;
   * that stream replays the first row, then continues the same subscription (the query is not run
   * again). <b>Backpressure:</b> one row is requested before the stream is subscribed, so no more
   * than the first page (or the first fetch of a cursor) is held; after that, the subscriber's
   * demand. <b>Errors:</b> an error before the first row fails the returned Mono, so it can still
   * become an error response. <b>Cancellation:</b> cancelling the Mono before it emits, or the
   * stream at any time, cancels the query. The stream must be subscribed once it is emitted: until
   * then the query stays open.
   *
   * @param rows the query, not yet subscribed
   * @param <T> the row type
   * @return the stream of the same rows, once the query answered
   */
  static <T> Mono<Flux<T>> await(Flux<T> rows) {
    return rows.<Flux<T>>switchOnFirst(
            (first, all) -> {
              Throwable error = first.getThrowable();
              return error != null ? Mono.error(error) : Mono.just(all);
            },
            false)
        .single();
  }
}
