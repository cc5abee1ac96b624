package io.sluice.demo.ops;

import io.sluice.net.http.RequestHandler;
import io.sluice.net.http.ServerResponse;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * A token bucket per client address for write endpoints: each address may make {@code perSecond}
 * requests per second on average, in bursts of up to twice that; past it the answer is {@code 429}
 * problem+json with {@code Retry-After} (whole seconds until a token is back).
 *
 * <p>The client is the TCP peer's address ({@code X-Forwarded-For} is not trusted: behind a proxy,
 * every client shares the proxy's bucket). At most {@value #MAX_CLIENTS} addresses are tracked;
 * when that many are, full buckets are forgotten, and if none is full the new address is refused
 * too, so memory stays bounded under a flood of addresses.
 */
public final class RateLimiter {

  /** Addresses tracked at most, {@value}. */
  static final int MAX_CLIENTS = 10_000;

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final int perSecond;
  private final int burst;
  private final LongSupplier nanoTime;
  private final Map<InetAddress, Bucket> buckets = new ConcurrentHashMap<>();

  /**
   * A limiter allowing {@code perSecond} requests per second per address.
   *
   * @param perSecond the sustained rate, at least 1
   */
  public RateLimiter(int perSecond) {
    this(perSecond, System::nanoTime);
  }

  RateLimiter(int perSecond, LongSupplier nanoTime) {
    if (perSecond < 1) {
      throw new IllegalArgumentException("perSecond must be at least 1, was " + perSecond);
    }
    this.perSecond = perSecond;
    this.burst = 2 * perSecond;
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
  }

  /**
   * Wraps a handler so that it runs only while the client has tokens left.
   *
   * @param handler the limited handler
   * @return a handler answering {@code 429} past the rate
   */
  public RequestHandler protect(RequestHandler handler) {
    Objects.requireNonNull(handler, "handler");
    return request -> {
      InetSocketAddress peer = request.remoteAddress();
      long waitNanos = peer == null ? 0 : take(peer.getAddress());
      if (waitNanos == 0) {
        return handler.handle(request);
      }
      long seconds = Math.max(1, (waitNanos + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND);
      Map<String, Object> problem = new LinkedHashMap<>();
      problem.put("type", "about:blank");
      problem.put("title", "Too Many Requests");
      problem.put("status", 429);
      problem.put(
          "detail", "Too many write requests from your address; retry after " + seconds + " s");
      problem.put("instance", request.path());
      problem.put("retryAfterSeconds", seconds);
      String body = JsonMapper.shared().writeValueAsString(problem);
      return Mono.just(
          ServerResponse.text(body)
              .withStatus(429)
              .withContentType("application/problem+json")
              .withHeader("Retry-After", Long.toString(seconds)));
    };
  }

  /** Takes a token; returns 0 if one was there, else the nanoseconds until the next one. */
  long take(InetAddress address) {
    long now = nanoTime.getAsLong();
    Bucket bucket = buckets.get(address);
    if (bucket == null) {
      if (buckets.size() >= MAX_CLIENTS) {
        buckets.values().removeIf(b -> b.isFull(now));
        if (buckets.size() >= MAX_CLIENTS) {
          return NANOS_PER_SECOND;
        }
      }
      bucket = buckets.computeIfAbsent(address, a -> new Bucket(burst, now));
    }
    return bucket.take(now);
  }

  /** One address's tokens; a tiny critical section, never waits. */
  private final class Bucket {
    private double tokens;
    private long refilledAt;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.refilledAt = now;
    }

    synchronized long take(long now) {
      refill(now);
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return (long) ((1 - tokens) * NANOS_PER_SECOND / perSecond);
    }

    synchronized boolean isFull(long now) {
      refill(now);
      return tokens >= burst;
    }

    private void refill(long now) {
      tokens = Math.min(burst, tokens + (double) (now - refilledAt) * perSecond / NANOS_PER_SECOND);
      refilledAt = now;
    }
  }

  @Override
  public String toString() {
    return "RateLimiter[" + perSecond + "/s per address, burst " + burst + "]";
  }
}
