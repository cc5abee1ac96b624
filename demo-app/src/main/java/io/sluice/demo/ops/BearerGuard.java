package io.sluice.demo.ops;

import io.sluice.net.http.ProblemException;
import io.sluice.net.http.RequestHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Lets a request through only with {@code Authorization: Bearer <token>}; answers {@code 401}
 * problem+json otherwise, before the handler reads anything.
 *
 * <p>The token is compared in constant time ({@link MessageDigest#isEqual}) and appears in no log,
 * message or {@code toString}.
 */
public final class BearerGuard {

  private static final String SCHEME = "bearer ";

  private final byte[] token;
  private final @Nullable RateLimiter limiter;

  /**
   * A guard expecting the given token.
   *
   * @param token the expected token, not blank
   */
  public BearerGuard(String token) {
    Objects.requireNonNull(token, "token");
    if (token.isBlank()) {
      throw new IllegalArgumentException("token must not be blank");
    }
    this.token = token.getBytes(StandardCharsets.UTF_8);
    this.limiter = null;
  }

  /**
   * A guard expecting the given token that also limits each client address's request rate; the rate
   * is checked first, so guessing tokens is rate-limited too.
   *
   * @param token the expected token, not blank
   * @param limiter the rate limit of the protected endpoints
   */
  public BearerGuard(String token, RateLimiter limiter) {
    Objects.requireNonNull(token, "token");
    if (token.isBlank()) {
      throw new IllegalArgumentException("token must not be blank");
    }
    this.token = token.getBytes(StandardCharsets.UTF_8);
    this.limiter = Objects.requireNonNull(limiter, "limiter");
  }

  /**
   * Wraps a handler so that it runs only for requests bearing the token.
   *
   * @param handler the protected handler
   * @return a handler answering {@code 401} without the token
   */
  public RequestHandler protect(RequestHandler handler) {
    Objects.requireNonNull(handler, "handler");
    RequestHandler authorized = authorize(handler);
    RateLimiter rate = limiter;
    return rate == null ? authorized : rate.protect(authorized);
  }

  private RequestHandler authorize(RequestHandler handler) {
    return request -> {
      String header = request.header("Authorization");
      if (header == null) {
        return Mono.error(unauthorized("This endpoint needs an Authorization: Bearer header"));
      }
      if (!matches(header)) {
        return Mono.error(unauthorized("The bearer token is not valid"));
      }
      return handler.handle(request);
    };
  }

  private boolean matches(String header) {
    if (header.length() < SCHEME.length()
        || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return false;
    }
    byte[] presented = header.substring(SCHEME.length()).strip().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(presented, token);
  }

  private static ProblemException unauthorized(String detail) {
    return new ProblemException(401, detail);
  }

  @Override
  public String toString() {
    return "BearerGuard[token=****]";
  }

  /**
   * Returns whether a header value carries the token; for callers outside HTTP routes.
   *
   * @param authorization the {@code Authorization} header, or null
   * @return true if it is {@code Bearer <token>}
   */
  public boolean allows(@Nullable String authorization) {
    return authorization != null && matches(authorization);
  }
}
