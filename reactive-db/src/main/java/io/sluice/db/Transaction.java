package io.sluice.db;

import io.sluice.db.internal.QueryContext;
import io.sluice.db.internal.TransactionScope;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An open transaction, handed to the function given to {@link Database#inTransaction}. Every
 * statement made through it runs on the transaction's connection, in order of subscription. Valid
 * only until the publisher that function returned terminates; using it afterwards fails with an
 * {@link IllegalStateException}.
 */
public final class Transaction implements SqlClient {

  private final TransactionScope scope;
  private final QueryContext context;

  Transaction(TransactionScope scope, QueryContext context) {
    this.scope = scope;
    this.context = context;
  }

  @Override
  public Query sql(String sql) {
    return new Query(context, Objects.requireNonNull(sql, "sql"));
  }

  /**
   * Runs {@code body} inside a savepoint of this transaction: released when the body's publisher
   * completes, rolled back to when it fails or is cancelled. The transaction goes on either way; a
   * failure still reaches the subscriber, which may recover from it.
   */
  @Override
  public <T> Flux<T> inTransaction(Function<Transaction, ? extends Publisher<T>> body) {
    Objects.requireNonNull(body, "body");
    return scope.savepoint(ignored -> body.apply(this));
  }

  @Override
  public Mono<Long> copyIn(String sql, Publisher<ByteBuffer> data) {
    Objects.requireNonNull(sql, "sql");
    Objects.requireNonNull(data, "data");
    return context.copyIn(sql, data);
  }

  @Override
  public Flux<ByteBuffer> copyOut(String sql) {
    Objects.requireNonNull(sql, "sql");
    return context.copyOut(sql);
  }

  @Override
  public String toString() {
    return "Transaction[" + scope + "]";
  }
}
