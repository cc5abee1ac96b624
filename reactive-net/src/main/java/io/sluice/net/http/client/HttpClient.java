package io.sluice.net.http.client;

import io.sluice.net.ClientTls;
import io.sluice.net.EventLoops;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * An HTTP client with a connection pool, timeouts, bounded bodies, retries and server-sent events,
 * on Reactor Netty.
 *
 * <pre>{@code
 * HttpClient client = HttpClient.builder().baseUrl("http://localhost:8080").build();
 * Mono<User> user = client.get("/users/42").json(User.class);
 * Flux<String> log = client.get("/log").lines();
 * Flux<ServerSentEvent> events = client.get("/events").events();
 * client.close().block();
 * }</pre>
 *
 * <p>A client owns its connection pool: share one client, and {@link #close()} it when done.
 * Configure it with the immutable {@link Builder}; {@link #toBuilder()} starts a differently
 * configured client (with a pool of its own) from this one's settings.
 */
public final class HttpClient {

  private final Builder settings;
  private final ClientExchange exchange;

  private HttpClient(Builder settings) {
    this.settings = settings;
    this.exchange = new ClientExchange(settings);
  }

  /**
   * Returns a client with every default (see {@link Builder}); request URIs must be absolute.
   *
   * @return a new client owning a new pool
   */
  public static HttpClient create() {
    return builder().build();
  }

  /**
   * Returns a builder holding the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding this client's settings.
   *
   * @return a builder; building it creates a client with a pool of its own
   */
  public Builder toBuilder() {
    return settings;
  }

  /**
   * Starts a {@code GET} request.
   *
   * @param uri an absolute URI, or a path resolved against the base URL
   * @return the request, sent when a terminal method's publisher is subscribed
   */
  public ClientRequest get(String uri) {
    return request("GET", uri);
  }

  /**
   * Starts a {@code HEAD} request.
   *
   * @param uri an absolute URI, or a path resolved against the base URL
   * @return the request
   */
  public ClientRequest head(String uri) {
    return request("HEAD", uri);
  }

  /**
   * Starts a {@code POST} request.
   *
   * @param uri an absolute URI, or a path resolved against the base URL
   * @return the request
   */
  public ClientRequest post(String uri) {
    return request("POST", uri);
  }

  /**
   * Starts a {@code PUT} request.
   *
   * @param uri an absolute URI, or a path resolved against the base URL
   * @return the request
   */
  public ClientRequest put(String uri) {
    return request("PUT", uri);
  }

  /**
   * Starts a {@code PATCH} request.
   *
   * @param uri an absolute URI, or a path resolved against the base URL
   * @return the request
   */
  public ClientRequest patch(String uri) {
    return request("PATCH", uri);
  }

  /**
   * Starts a {@code DELETE} request.
   *
   * @param uri an absolute URI, or a path resolved against the base URL
   * @return the request
   */
  public ClientRequest delete(String uri) {
    return request("DELETE", uri);
  }

  /**
   * Starts a request with any method.
   *
   * @param method an HTTP method token, such as {@code OPTIONS}
   * @param uri an absolute URI, or a path resolved against the base URL
   * @return the request
   * @throws IllegalArgumentException if the method is not a token, the URI is relative without a
   *     base URL, or is not a valid URI
   */
  public ClientRequest request(String method, String uri) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(uri, "uri");
    if (method.isEmpty() || !method.chars().allMatch(c -> c > 32 && c < 127 && c != ':')) {
      throw new IllegalArgumentException("method must be an HTTP token, but was '" + method + "'");
    }
    return new ClientRequest(exchange, method, resolve(uri), settings.headers, null);
  }

  private String resolve(String uri) {
    String resolved;
    if (uri.startsWith("http://") || uri.startsWith("https://")) {
      resolved = uri;
    } else {
      String base = settings.baseUrl;
      if (base == null) {
        throw new IllegalArgumentException(
            "uri '" + uri + "' is relative but no baseUrl is configured");
      }
      resolved =
          (base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
              + (uri.startsWith("/") || uri.isEmpty() ? uri : "/" + uri);
    }
    try {
      URI.create(resolved);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("uri '" + resolved + "' is not a valid URI", e);
    }
    return resolved;
  }

  /**
   * Closes the pool: open connections are closed and later requests fail.
   *
   * @return a {@code Mono} that closes on subscribe and completes once closed
   */
  public Mono<Void> close() {
    return exchange.close();
  }

  @Override
  public String toString() {
    return "HttpClient" + settings;
  }

  /**
   * The settings of an {@link HttpClient}. Immutable: every setter returns a changed copy, so a
   * builder can be shared and specialised.
   */
  public static final class Builder {

    /** The default connect timeout: 10 seconds. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** The default response timeout: 30 seconds. */
    public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(30);

    /** The default maximum of connections per remote host: 64. */
    public static final int DEFAULT_MAX_CONNECTIONS = 64;

    /** The default maximum of requests waiting for a pooled connection: 256. */
    public static final int DEFAULT_MAX_PENDING_ACQUIRES = 256;

    /** The default pending-acquire timeout: 30 seconds. */
    public static final Duration DEFAULT_PENDING_ACQUIRE_TIMEOUT = Duration.ofSeconds(30);

    /** The default maximum idle time of a pooled connection: 30 seconds. */
    public static final Duration DEFAULT_MAX_IDLE_TIME = Duration.ofSeconds(30);

    /** The default largest body read whole: 16 MiB. */
    public static final long DEFAULT_MAX_RESPONSE_SIZE = 16L * 1024 * 1024;

    /** The default longest line of a line or NDJSON stream: 1 MiB. */
    public static final int DEFAULT_MAX_LINE_LENGTH = 1024 * 1024;

    @Nullable String baseUrl;
    Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    Duration responseTimeout = DEFAULT_RESPONSE_TIMEOUT;
    int maxConnections = DEFAULT_MAX_CONNECTIONS;
    int maxPendingAcquires = DEFAULT_MAX_PENDING_ACQUIRES;
    Duration pendingAcquireTimeout = DEFAULT_PENDING_ACQUIRE_TIMEOUT;
    Duration maxIdleTime = DEFAULT_MAX_IDLE_TIME;
    long maxResponseSize = DEFAULT_MAX_RESPONSE_SIZE;
    int maxLineLength = DEFAULT_MAX_LINE_LENGTH;
    HttpRetry retry = HttpRetry.defaults();
    boolean followRedirects = true;
    List<Map.Entry<String, String>> headers = List.of();
    @Nullable ClientTls tls;
    Set<HttpVersion> protocols = EnumSet.of(HttpVersion.HTTP_1_1);
    @Nullable JsonMapper jsonMapper;
    @Nullable EventLoops eventLoops;

    Builder() {}

    private Builder copy() {
      Builder copy = new Builder();
      copy.baseUrl = baseUrl;
      copy.connectTimeout = connectTimeout;
      copy.responseTimeout = responseTimeout;
      copy.maxConnections = maxConnections;
      copy.maxPendingAcquires = maxPendingAcquires;
      copy.pendingAcquireTimeout = pendingAcquireTimeout;
      copy.maxIdleTime = maxIdleTime;
      copy.maxResponseSize = maxResponseSize;
      copy.maxLineLength = maxLineLength;
      copy.retry = retry;
      copy.followRedirects = followRedirects;
      copy.headers = headers;
      copy.tls = tls;
      copy.protocols = protocols;
      copy.jsonMapper = jsonMapper;
      copy.eventLoops = eventLoops;
      return copy;
    }

    /**
     * Sets the URL that relative request URIs are resolved against. Default: none, request URIs
     * must be absolute.
     *
     * @param baseUrl an absolute {@code http} or {@code https} URL, such as {@code
     *     http://localhost:8080/api}
     * @return a changed copy
     * @throws IllegalArgumentException if not an absolute http(s) URL
     */
    public Builder baseUrl(String baseUrl) {
      Objects.requireNonNull(baseUrl, "baseUrl");
      URI parsed;
      try {
        parsed = URI.create(baseUrl);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("baseUrl '" + baseUrl + "' is not a valid URI", e);
      }
      if ((!"http".equals(parsed.getScheme()) && !"https".equals(parsed.getScheme()))
          || parsed.getHost() == null) {
        throw new IllegalArgumentException(
            "baseUrl must be an absolute http or https URL, but was '" + baseUrl + "'");
      }
      Builder copy = copy();
      copy.baseUrl = baseUrl;
      return copy;
    }

    /**
     * Sets how long opening a connection (TCP and TLS) may take. Default 10 seconds; past it the
     * request fails with {@link HttpClientTimeoutException} of phase {@code CONNECT} (and is
     * retried, see {@link HttpRetry}).
     *
     * @param connectTimeout positive, at most {@link Integer#MAX_VALUE} milliseconds
     * @return a changed copy
     * @throws IllegalArgumentException if not positive or too long
     */
    public Builder connectTimeout(Duration connectTimeout) {
      Builder copy = copy();
      copy.connectTimeout = positiveMillis(connectTimeout, "connectTimeout");
      return copy;
    }

    /**
     * Sets how long the server may take to send the response headers once the request was sent.
     * Default 30 seconds; past it the request fails with {@link HttpClientTimeoutException} of
     * phase {@code RESPONSE}. It does not limit a streamed body: a slow reader or a quiet event
     * stream never times out.
     *
     * @param responseTimeout positive
     * @return a changed copy
     * @throws IllegalArgumentException if not positive
     */
    public Builder responseTimeout(Duration responseTimeout) {
      Builder copy = copy();
      copy.responseTimeout = positiveMillis(responseTimeout, "responseTimeout");
      return copy;
    }

    /**
     * Sets the most connections open at once to one remote host. Default 64; further requests wait
     * for a connection (see {@link #maxPendingAcquires(int)}).
     *
     * @param maxConnections at least 1
     * @return a changed copy
     * @throws IllegalArgumentException if less than 1
     */
    public Builder maxConnections(int maxConnections) {
      if (maxConnections < 1) {
        throw new IllegalArgumentException(
            "maxConnections must be at least 1, but was " + maxConnections);
      }
      Builder copy = copy();
      copy.maxConnections = maxConnections;
      return copy;
    }

    /**
     * Sets the most requests that may wait for a connection to one host when all are busy. Default
     * 256; a request beyond it fails at once.
     *
     * @param maxPendingAcquires at least 1
     * @return a changed copy
     * @throws IllegalArgumentException if less than 1
     */
    public Builder maxPendingAcquires(int maxPendingAcquires) {
      if (maxPendingAcquires < 1) {
        throw new IllegalArgumentException(
            "maxPendingAcquires must be at least 1, but was " + maxPendingAcquires);
      }
      Builder copy = copy();
      copy.maxPendingAcquires = maxPendingAcquires;
      return copy;
    }

    /**
     * Sets how long a request may wait for a pooled connection. Default 30 seconds; past it the
     * request fails with {@link HttpClientTimeoutException} of phase {@code POOL_ACQUIRE}.
     *
     * @param pendingAcquireTimeout positive
     * @return a changed copy
     * @throws IllegalArgumentException if not positive
     */
    public Builder pendingAcquireTimeout(Duration pendingAcquireTimeout) {
      Builder copy = copy();
      copy.pendingAcquireTimeout = positiveMillis(pendingAcquireTimeout, "pendingAcquireTimeout");
      return copy;
    }

    /**
     * Sets how long a connection may sit idle in the pool and still be reused. Default 30 seconds;
     * an older one is closed instead of reused (when a request would take it, and by a background
     * sweep at that interval). Keep it below the servers' keep-alive timeout so that a connection
     * the server is about to close is never reused.
     *
     * @param maxIdleTime positive
     * @return a changed copy
     * @throws IllegalArgumentException if not positive
     */
    public Builder maxIdleTime(Duration maxIdleTime) {
      Builder copy = copy();
      copy.maxIdleTime = positiveMillis(maxIdleTime, "maxIdleTime");
      return copy;
    }

    /**
     * Sets the largest body read whole ({@link ClientRequest#json}, {@link ClientRequest#string},
     * {@link ClientRequest#bytes}, {@link ClientRequest#exchange}). Default 16 MiB; a larger body
     * (announced by {@code Content-Length} or counted while reading) fails with {@link
     * HttpResponseTooLargeException} and is not buffered further. Streamed bodies ({@link
     * ClientRequest#chunks}, {@link ClientRequest#lines}, {@link ClientRequest#ndjson}) are not
     * limited by it, since they are never held whole.
     *
     * @param maxResponseSize bytes, at least 0
     * @return a changed copy
     * @throws IllegalArgumentException if negative
     */
    public Builder maxResponseSize(long maxResponseSize) {
      if (maxResponseSize < 0) {
        throw new IllegalArgumentException(
            "maxResponseSize must not be negative, but was " + maxResponseSize);
      }
      Builder copy = copy();
      copy.maxResponseSize = maxResponseSize;
      return copy;
    }

    /**
     * Sets the longest line of {@link ClientRequest#lines} and {@link ClientRequest#ndjson}.
     * Default 1 MiB; a longer line fails the stream with {@link
     * io.sluice.codec.LineTooLongException}.
     *
     * @param maxLineLength bytes, at least 1
     * @return a changed copy
     * @throws IllegalArgumentException if less than 1
     */
    public Builder maxLineLength(int maxLineLength) {
      if (maxLineLength < 1) {
        throw new IllegalArgumentException(
            "maxLineLength must be at least 1, but was " + maxLineLength);
      }
      Builder copy = copy();
      copy.maxLineLength = maxLineLength;
      return copy;
    }

    /**
     * Sets the retry policy. Default {@link HttpRetry#defaults()}: 2 retries for connection
     * failures and idempotent requests.
     *
     * @param retry the policy; {@link HttpRetry#none()} to never retry
     * @return a changed copy
     */
    public Builder retry(HttpRetry retry) {
      Objects.requireNonNull(retry, "retry");
      Builder copy = copy();
      copy.retry = retry;
      return copy;
    }

    /**
     * Sets whether redirects (301, 302, 303, 307, 308) are followed. Default {@code true}.
     *
     * @param followRedirects whether to follow
     * @return a changed copy
     */
    public Builder followRedirects(boolean followRedirects) {
      Builder copy = copy();
      copy.followRedirects = followRedirects;
      return copy;
    }

    /**
     * Adds a header sent with every request. Default: none.
     *
     * @param name the header name
     * @param value the header value
     * @return a changed copy
     */
    public Builder header(String name, String value) {
      Builder copy = copy();
      copy.headers = ClientRequest.withHeader(headers, name, value);
      return copy;
    }

    /**
     * Sets the TLS trust settings for {@code https} URLs. Default {@link ClientTls#system()}.
     *
     * @param tls the settings
     * @return a changed copy
     */
    public Builder tls(ClientTls tls) {
      Objects.requireNonNull(tls, "tls");
      Builder copy = copy();
      copy.tls = tls;
      return copy;
    }

    /**
     * Sets the protocol versions the client may speak. Default HTTP/1.1 only. With {@link
     * HttpVersion#H2} and HTTP/1.1, {@code https} connections negotiate HTTP/2 with ALPN; with
     * {@link HttpVersion#H2C} alone, plain-text connections speak HTTP/2 with prior knowledge.
     *
     * @param versions one or more versions
     * @return a changed copy
     * @throws IllegalArgumentException if none is given
     */
    public Builder protocols(HttpVersion... versions) {
      Objects.requireNonNull(versions, "versions");
      if (versions.length == 0) {
        throw new IllegalArgumentException("protocols must name at least one version");
      }
      Builder copy = copy();
      EnumSet<HttpVersion> set = EnumSet.noneOf(HttpVersion.class);
      for (HttpVersion v : versions) {
        set.add(Objects.requireNonNull(v, "versions[i]"));
      }
      copy.protocols = set;
      return copy;
    }

    /**
     * Sets the Jackson mapper for JSON bodies. Default: a {@link JsonMapper} with Jackson's
     * defaults.
     *
     * @param jsonMapper the mapper
     * @return a changed copy
     */
    public Builder jsonMapper(JsonMapper jsonMapper) {
      Objects.requireNonNull(jsonMapper, "jsonMapper");
      Builder copy = copy();
      copy.jsonMapper = jsonMapper;
      return copy;
    }

    /**
     * Sets the event loops that run the client's connections; the client does not dispose of them.
     * Default: Reactor Netty's global HTTP loops (one per processor, native when available).
     *
     * @param eventLoops the loops
     * @return a changed copy
     */
    public Builder eventLoops(EventLoops eventLoops) {
      Objects.requireNonNull(eventLoops, "eventLoops");
      Builder copy = copy();
      copy.eventLoops = eventLoops;
      return copy;
    }

    /**
     * Builds a client owning a new connection pool; {@link HttpClient#close()} it when done.
     *
     * @return the client
     */
    public HttpClient build() {
      return new HttpClient(copy());
    }

    private static Duration positiveMillis(Duration value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero() || value.toMillis() > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            name + " must be positive and at most Integer.MAX_VALUE ms, but was " + value);
      }
      return value;
    }

    @Override
    public String toString() {
      List<String> parts = new ArrayList<>();
      parts.add("baseUrl=" + baseUrl);
      parts.add("connectTimeout=" + connectTimeout);
      parts.add("responseTimeout=" + responseTimeout);
      parts.add("maxConnections=" + maxConnections);
      parts.add("maxPendingAcquires=" + maxPendingAcquires);
      parts.add("maxIdleTime=" + maxIdleTime);
      parts.add("maxResponseSize=" + maxResponseSize);
      parts.add("retry=" + retry);
      parts.add("protocols=" + protocols);
      return "[" + String.join(", ", parts) + "]";
    }
  }
}
