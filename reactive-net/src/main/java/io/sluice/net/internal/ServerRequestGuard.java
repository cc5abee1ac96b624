package io.sluice.net.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import reactor.netty.NettyPipeline;

/**
 * Guards the head of each HTTP/1.1 request on a connection, before the application sees it, and the
 * connection's idle time between requests.
 *
 * <ul>
 *   <li>Header timeout: from the connection's start, and from the first byte of each later request,
 *       the client has a fixed time to complete the request line and headers; otherwise the server
 *       answers {@code 408} and closes the connection (slowly dribbled headers).
 *   <li>Idle timeout (when given): from the connection's start and from the end of each response,
 *       the client has a fixed time to send the first byte of its next request; otherwise the
 *       connection is closed.
 *   <li>Decoding failures: a request line over the limit is answered {@code 414}, headers over the
 *       limit {@code 431}, anything else malformed {@code 400}, each as a problem document, and the
 *       connection is closed.
 * </ul>
 *
 * <p>Both deadlines share one timer per connection, on the connection's loop, that is never
 * cancelled while the connection lives: a deadline is a field, and the timer, when it fires, either
 * acts or sleeps again until the deadline. A timer never sleeps longer than the shorter timeout, so
 * a deadline set later is never missed. A busy keep-alive connection thus arms one timer per
 * timeout period, not one per request, and its pipeline never changes.
 */
public final class ServerRequestGuard extends ChannelDuplexHandler {

  private static final String BYTES_HANDLER = "sluice.requestGuard.bytes";
  private static final String GUARD_HANDLER = "sluice.requestGuard";

  /** What the armed deadline is for. */
  private enum Deadline {
    NONE,
    HEADERS,
    IDLE
  }

  private final long headerTimeoutNanos;
  private final long idleTimeoutNanos;
  private final long maxSleepNanos;
  private final ServerHttpDate date;
  private final @Nullable String serverName;
  private @Nullable ChannelHandlerContext context;
  private int pendingRequests;
  private boolean closing;
  private Deadline armed = Deadline.NONE;
  private long deadline;
  private @Nullable ScheduledFuture<?> timer;

  private ServerRequestGuard(
      long headerTimeoutNanos,
      long idleTimeoutNanos,
      ServerHttpDate date,
      @Nullable String serverName) {
    this.headerTimeoutNanos = headerTimeoutNanos;
    this.idleTimeoutNanos = idleTimeoutNanos;
    long shorter = Long.MAX_VALUE;
    if (headerTimeoutNanos > 0) {
      shorter = headerTimeoutNanos;
    }
    if (idleTimeoutNanos > 0) {
      shorter = Math.min(shorter, idleTimeoutNanos);
    }
    this.maxSleepNanos = shorter;
    this.date = date;
    this.serverName = serverName;
  }

  /**
   * Adds the guard around the HTTP/1.1 codec of a pipeline; does nothing if the pipeline has no
   * HTTP/1.1 codec (HTTP/2 over TLS).
   *
   * @param pipeline the connection's pipeline
   * @param headerTimeoutMillis the header timeout in milliseconds, 0 for none
   * @param idleTimeoutMillis the idle timeout in milliseconds, 0 when the guard does not close idle
   *     connections (another handler does)
   * @param date the server's date header source
   * @param serverName the {@code Server} header value, or {@code null} for none
   */
  public static void install(
      ChannelPipeline pipeline,
      long headerTimeoutMillis,
      long idleTimeoutMillis,
      ServerHttpDate date,
      @Nullable String serverName) {
    if (pipeline.get(NettyPipeline.HttpCodec) == null) {
      return;
    }
    ServerRequestGuard guard =
        new ServerRequestGuard(
            TimeUnit.MILLISECONDS.toNanos(headerTimeoutMillis),
            TimeUnit.MILLISECONDS.toNanos(idleTimeoutMillis),
            date,
            serverName);
    pipeline.addAfter(NettyPipeline.HttpCodec, GUARD_HANDLER, guard);
    if (headerTimeoutMillis > 0 || idleTimeoutMillis > 0) {
      pipeline.addBefore(NettyPipeline.HttpCodec, BYTES_HANDLER, guard.new BytesObserver());
    }
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    context = ctx;
    if (ctx.channel().isActive()) {
      connectionStarted(ctx);
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    connectionStarted(ctx);
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancelTimer();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    cancelTimer();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (closing) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof HttpRequest request) {
      armed = Deadline.NONE;
      pendingRequests++;
      if (request.decoderResult().isFailure()) {
        Throwable cause = request.decoderResult().cause();
        ReferenceCountUtil.release(msg);
        if (cause instanceof TooLongHttpLineException) {
          reject(
              ctx,
              HttpResponseStatus.REQUEST_URI_TOO_LONG,
              "The request line is longer than the server accepts");
        } else if (cause instanceof TooLongHttpHeaderException) {
          reject(
              ctx,
              HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
              "The request headers are larger than the server accepts");
        } else {
          reject(ctx, HttpResponseStatus.BAD_REQUEST, "The request is not valid HTTP/1.1");
        }
        return;
      }
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  @SuppressWarnings("FutureReturnValueIgnored") // the promise carries the outcome
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    // A "100 Continue" is a full response too, but the request it answers goes on: its body
    // follows. A "101 Switching Protocols" hands the connection to another protocol.
    if (msg instanceof LastHttpContent && !isInformational(msg) && pendingRequests > 0) {
      pendingRequests--;
      if (pendingRequests == 0) {
        arm(ctx, Deadline.IDLE);
      }
    }
    ctx.write(msg, promise);
  }

  private static boolean isInformational(Object msg) {
    return msg instanceof HttpResponse response
        && response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
  }

  private void reject(ChannelHandlerContext ctx, HttpResponseStatus status, String detail) {
    closing = true;
    cancelTimer();
    byte[] body = ServerProblemJson.render(status.code(), status.reasonPhrase(), detail);
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
    response
        .headers()
        .set(HttpHeaderNames.CONTENT_TYPE, ServerProblemJson.MEDIA_TYPE)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
        .set(HttpHeaderNames.DATE, date.now());
    if (serverName != null) {
      response.headers().set(HttpHeaderNames.SERVER, serverName);
    }
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }

  private void connectionStarted(ChannelHandlerContext ctx) {
    if (armed == Deadline.NONE && pendingRequests == 0) {
      arm(ctx, headerTimeoutNanos > 0 ? Deadline.HEADERS : Deadline.IDLE);
    }
  }

  /** The first bytes of a request arrived: the idle time ends, the header time starts. */
  private void requestStarted(ChannelHandlerContext ctx) {
    if (pendingRequests > 0 || armed == Deadline.HEADERS) {
      return;
    }
    arm(ctx, Deadline.HEADERS);
  }

  private void arm(ChannelHandlerContext ctx, Deadline kind) {
    long timeout = kind == Deadline.HEADERS ? headerTimeoutNanos : idleTimeoutNanos;
    if (timeout <= 0 || closing) {
      armed = Deadline.NONE;
      return;
    }
    armed = kind;
    deadline = System.nanoTime() + timeout;
    if (timer == null) {
      schedule(ctx, timeout);
    }
  }

  private void schedule(ChannelHandlerContext ctx, long delayNanos) {
    timer =
        ctx.executor()
            .schedule(() -> expire(ctx), Math.min(delayNanos, maxSleepNanos), TimeUnit.NANOSECONDS);
  }

  @SuppressWarnings("FutureReturnValueIgnored") // closing an idle connection has nothing to report
  private void expire(ChannelHandlerContext ctx) {
    timer = null;
    if (armed == Deadline.NONE || closing || !ctx.channel().isActive()) {
      return;
    }
    long left = deadline - System.nanoTime();
    if (left > 0) {
      schedule(ctx, left);
      return;
    }
    if (armed == Deadline.HEADERS) {
      reject(ctx, HttpResponseStatus.REQUEST_TIMEOUT, "The request headers did not arrive in time");
    } else {
      closing = true;
      armed = Deadline.NONE;
      ctx.close();
    }
  }

  private void cancelTimer() {
    armed = Deadline.NONE;
    ScheduledFuture<?> current = timer;
    if (current != null) {
      current.cancel(false);
      timer = null;
    }
  }

  /** Sits before the codec and notes when a new request's first bytes arrive. */
  private final class BytesObserver extends ChannelInboundHandlerAdapter {

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ChannelHandlerContext guardContext = context;
      if (guardContext != null
          && pendingRequests == 0
          && msg instanceof ByteBuf buf
          && buf.isReadable()) {
        requestStarted(guardContext);
      }
      ctx.fireChannelRead(msg);
    }
  }
}
