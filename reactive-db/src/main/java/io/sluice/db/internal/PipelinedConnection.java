package io.sluice.db.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.ReferenceCounted;
import io.r2dbc.postgresql.api.ErrorDetails;
import io.r2dbc.postgresql.api.PostgresqlException;
import io.r2dbc.postgresql.api.PostgresqlResult;
import io.r2dbc.postgresql.client.Binding;
import io.r2dbc.postgresql.client.Client;
import io.r2dbc.postgresql.client.EncodedParameter;
import io.r2dbc.postgresql.client.ExtendedQueryMessageFlow;
import io.r2dbc.postgresql.codec.Codecs;
import io.r2dbc.postgresql.message.Format;
import io.r2dbc.postgresql.message.backend.BackendMessage;
import io.r2dbc.postgresql.message.backend.ParseComplete;
import io.r2dbc.postgresql.message.backend.ReadyForQuery;
import io.r2dbc.postgresql.message.frontend.Bind;
import io.r2dbc.postgresql.message.frontend.Close;
import io.r2dbc.postgresql.message.frontend.CompositeFrontendMessage;
import io.r2dbc.postgresql.message.frontend.Describe;
import io.r2dbc.postgresql.message.frontend.Execute;
import io.r2dbc.postgresql.message.frontend.ExecutionType;
import io.r2dbc.postgresql.message.frontend.FrontendMessage;
import io.r2dbc.postgresql.message.frontend.Parse;
import io.r2dbc.postgresql.message.frontend.Sync;
import io.r2dbc.postgresql.util.ByteBufUtils;
import io.r2dbc.postgresql.util.Operators;
import io.r2dbc.spi.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One shared connection on which statements are pipelined: each statement is written as one message
 * ({@code [Parse] Bind Describe Execute Sync}) whose request publisher completes at once, so the
 * driver writes the next caller's statement without waiting for this one's answer. The driver's own
 * statements keep their request publisher open until {@code ReadyForQuery} (to resend a {@code
 * Parse}), which holds every later statement of the connection back by a round trip.
 *
 * <p><b>Prepared statements.</b> Each SQL text (with its parameter types) is parsed once per
 * connection under a name of its own ({@code sluice_N}, apart from the driver's {@code S_N}), and
 * only bound afterwards; after {@value #MAX_PREPARED} names, further SQL texts use the unnamed
 * statement, parsed every time, so that the server's memory per connection stays bounded. A name is
 * cached as soon as its {@code Parse} is written, so a concurrent statement with the same SQL may
 * bind it right behind: the server reads both in order. If the {@code Parse} fails, the name is
 * forgotten, and a statement that bound it fails with SQLSTATE 26000 and is run again.
 *
 * <p><b>Re-prepare.</b> A statement whose prepared form went stale (SQLSTATE 26000, "prepared
 * statement does not exist", or 0A000 "cached plan must not change result type" after a table's
 * columns changed) is run once more as a new conversation: the stale name is closed and the SQL
 * parsed again under a new name. Nothing was emitted before such an error (it comes at {@code Bind}
 * or before the first row), so the retry is invisible to the caller.
 *
 * <p><b>Cancellation.</b> Once subscribed, a statement's exchange is read to its {@code
 * ReadyForQuery} even if its subscriber cancels (the rows are released unread): the driver routes
 * answers to conversations in order, and a conversation dropped before its end would stall every
 * statement queued behind it. No CancelRequest is sent: it would hit whichever statement the
 * backend runs at that moment.
 */
public final class PipelinedConnection {

  /** The most SQL texts prepared under a name on one connection: {@value}. */
  public static final int MAX_PREPARED = 256;

  private static final String UNNAMED = "";

  private final Connection connection;
  private final Client client;
  private final Object resources;
  private final Codecs codecs;
  private final Collection<Format> resultFormats;
  private final Map<String, String> prepared = new ConcurrentHashMap<>();
  private final AtomicInteger names = new AtomicInteger();

  private PipelinedConnection(Connection connection) {
    this.connection = connection;
    this.client = DriverAccess.client(connection);
    this.resources = DriverAccess.resources(connection);
    this.codecs = DriverAccess.codecs(resources);
    this.resultFormats = ExtendedQueryMessageFlow.resultFormat(DriverAccess.forceBinary(resources));
  }

  /** Wraps a (possibly pooled) r2dbc-postgresql connection; sends nothing. */
  public static PipelinedConnection of(Connection connection) {
    return new PipelinedConnection(connection);
  }

  /** Returns the connection this pipeline writes to. */
  public Connection connection() {
    return connection;
  }

  /** Returns how many SQL texts are prepared under a name on this connection now. */
  int preparedCount() {
    return prepared.size();
  }

  /**
   * Runs one statement and hands its result to {@code consume}; the statement is written when the
   * returned flux is subscribed. Errors are the driver's own, as for a statement the driver runs.
   *
   * @param sql one SQL statement with {@code $n} parameters
   * @param values one value per parameter; {@code null} binds NULL, an {@link
   *     io.r2dbc.spi.Parameter} its typed value
   * @param consume reads the result: its rows or its update count
   */
  public <T> Flux<T> execute(
      String sql,
      List<@Nullable Object> values,
      Function<PostgresqlResult, ? extends Publisher<T>> consume) {
    return Flux.defer(() -> attempt(sql, values, consume, null));
  }

  private <T> Flux<T> attempt(
      String sql,
      List<@Nullable Object> values,
      Function<PostgresqlResult, ? extends Publisher<T>> consume,
      @Nullable String stale) {
    Binding binding = bind(values);
    return encode(binding)
        .flatMapMany(
            buffers -> {
              String key = sql + '\0' + Arrays.toString(binding.getParameterTypes());
              Plan plan = plan(key, stale != null);
              List<FrontendMessage.DirectEncoder> messages = new ArrayList<>(6);
              if (stale != null) {
                messages.add(new Close(stale, ExecutionType.STATEMENT));
              }
              if (plan.parse()) {
                messages.add(new Parse(plan.name(), binding.getParameterTypes(), sql));
              }
              Bind bind =
                  new Bind(
                      UNNAMED, binding.getParameterFormats(), buffers, resultFormats, plan.name());
              messages.add(bind);
              messages.add(new Describe(UNNAMED, ExecutionType.PORTAL));
              messages.add(new Execute(UNNAMED, Execute.NO_LIMIT));
              messages.add(Sync.INSTANCE);
              AtomicBoolean parsed = new AtomicBoolean();
              Flux<BackendMessage> exchange =
                  Operators.discardOnCancel(
                          client.exchange(
                              ReadyForQuery.class::isInstance,
                              Flux.<FrontendMessage>just(new CompositeFrontendMessage(messages))))
                      .doOnNext(
                          message -> {
                            if (message == ParseComplete.INSTANCE) {
                              parsed.set(true);
                            }
                          })
                      .doOnDiscard(ReferenceCounted.class, ReferenceCountUtil::release)
                      // releases the parameters if the message was never written
                      .doFinally(signal -> bind.dispose());
              return Flux.<T>from(consume.apply(DriverAccess.result(resources, exchange, sql)))
                  .onErrorResume(
                      error -> {
                        if (plan.parse() && !parsed.get() && !UNNAMED.equals(plan.name())) {
                          prepared.remove(key, plan.name());
                        }
                        if (stale == null
                            && !UNNAMED.equals(plan.name())
                            && requiresReprepare(error)) {
                          prepared.remove(key, plan.name());
                          return attempt(sql, values, consume, plan.name());
                        }
                        return Flux.error(error);
                      });
            });
  }

  /** The statement name to bind and whether a {@code Parse} must go first. */
  private record Plan(String name, boolean parse) {}

  private Plan plan(String key, boolean reprepare) {
    if (!reprepare) {
      String known = prepared.get(key);
      if (known != null) {
        return new Plan(known, false);
      }
    }
    if (prepared.size() >= MAX_PREPARED && !reprepare) {
      return new Plan(UNNAMED, true);
    }
    String name = "sluice_" + names.incrementAndGet();
    if (reprepare) {
      prepared.put(key, name);
      return new Plan(name, true);
    }
    String raced = prepared.putIfAbsent(key, name);
    return raced == null ? new Plan(name, true) : new Plan(raced, false);
  }

  private Binding bind(List<@Nullable Object> values) {
    Binding binding = new Binding(values.size());
    for (int i = 0; i < values.size(); i++) {
      Object value = values.get(i);
      EncodedParameter encoded =
          value == null ? codecs.encodeNull(String.class) : codecs.encode(value);
      binding.add(i, encoded);
    }
    binding.validate();
    return binding;
  }

  /** Encodes the bound values into one buffer each, as the driver does before a {@code Bind}. */
  private Mono<List<ByteBuf>> encode(Binding binding) {
    ByteBufAllocator allocator = client.getByteBufAllocator();
    return Flux.fromIterable(binding.getParameterValues())
        .concatMap(
            value ->
                value == EncodedParameter.NULL_VALUE
                    ? Mono.just(Bind.NULL_VALUE)
                    : ByteBufUtils.aggregate(value, allocator))
        .collectList()
        // buffers already encoded when a later value fails to encode
        .doOnDiscard(ReferenceCounted.class, ReferenceCountUtil::release);
  }

  private static boolean requiresReprepare(Throwable error) {
    if (!(error instanceof PostgresqlException pg)) {
      return false;
    }
    ErrorDetails details = pg.getErrorDetails();
    String code = details.getCode();
    if ("26000".equals(code)) {
      return true;
    }
    String routine = details.getRoutine().orElse("");
    return "0A000".equals(code)
        && ("RevalidateCachedQuery".equals(routine) || "RevalidateCachedPlan".equals(routine));
  }

  @Override
  public String toString() {
    return "PipelinedConnection[" + client + ", " + prepared.size() + " prepared]";
  }
}
