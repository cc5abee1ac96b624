package io.sluice.demo.stations;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.sluice.net.http.client.ClientResponse;
import io.sluice.net.http.client.HttpClient;
import io.sluice.net.http.client.HttpRetry;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Asks the upstream station registry about stations: {@code GET <baseUrl>/stations/<id>} answered
 * by {@code 200} with {@code {"id", "name", "latitude", "longitude", "operator"}} or {@code 404}.
 *
 * <p>Every lookup is bounded by {@code timeout} (connecting, the response head and the body
 * together) and goes through a circuit breaker: after repeated failures (timeouts, refused
 * connections, {@code 5xx}, answers that are not a station) the breaker opens and lookups answer
 * {@link RegistryLookup.Unavailable} at once, without a network call, until the breaker lets a
 * trial call through. A {@code 404} is an answer, not a failure. Lookups never fail: every problem
 * becomes {@code Unavailable} with a reason fit for a user.
 *
 * <p>Owns a connection pool: {@link #close()} it.
 */
public final class RegistryClient {

  /** The default bound of one lookup, 500 milliseconds. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(500);

  /** The largest registry answer read, 64 KiB; a larger one is a failure. */
  public static final long MAX_ANSWER_SIZE = 64 * 1024;

  private final HttpClient client;
  private final Duration timeout;
  private final CircuitBreaker breaker;

  private RegistryClient(String baseUrl, Duration timeout, CircuitBreakerConfig breakerConfig) {
    this.timeout = timeout;
    this.client =
        HttpClient.builder()
            .baseUrl(baseUrl)
            .connectTimeout(timeout)
            .responseTimeout(timeout)
            .maxResponseSize(MAX_ANSWER_SIZE)
            .retry(HttpRetry.none())
            .header("Accept", "application/json")
            .build();
    this.breaker = CircuitBreaker.of("station-registry", breakerConfig);
  }

  /**
   * Creates a client with the default timeout and circuit breaker.
   *
   * @param baseUrl the registry's absolute http(s) URL
   * @return the client
   * @throws IllegalArgumentException if the URL is not an absolute http(s) URL
   */
  public static RegistryClient create(String baseUrl) {
    return create(baseUrl, DEFAULT_TIMEOUT, defaultBreakerConfig());
  }

  /**
   * Creates a client.
   *
   * @param baseUrl the registry's absolute http(s) URL
   * @param timeout the bound of one lookup, positive
   * @param breakerConfig the circuit breaker's settings, see {@link #defaultBreakerConfig()}
   * @return the client
   * @throws IllegalArgumentException if the URL is not an absolute http(s) URL or the timeout is
   *     not positive
   */
  public static RegistryClient create(
      String baseUrl, Duration timeout, CircuitBreakerConfig breakerConfig) {
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(breakerConfig, "breakerConfig");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, but was " + timeout);
    }
    return new RegistryClient(baseUrl, timeout, breakerConfig);
  }

  /**
   * Returns the default circuit breaker settings: over the last 10 calls, once at least 5 were
   * made, a failure rate of 50% or more opens the breaker for 30 seconds; then 2 trial calls decide
   * whether it closes again. The window is lock-free: its results are recorded on event loops,
   * where the default window's lock could park the thread under contention.
   *
   * @return the settings
   */
  public static CircuitBreakerConfig defaultBreakerConfig() {
    return CircuitBreakerConfig.custom()
        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        .slidingWindowSize(10)
        .minimumNumberOfCalls(5)
        .failureRateThreshold(50)
        .waitDurationInOpenState(Duration.ofSeconds(30))
        .permittedNumberOfCallsInHalfOpenState(2)
        .slidingWindowSynchronizationStrategy(
            CircuitBreakerConfig.SlidingWindowSynchronizationStrategy.LOCK_FREE)
        .build();
  }

  /**
   * Looks a station up.
   *
   * <p>Emits one {@link RegistryLookup}, never an error. Cancellation closes the request's
   * connection.
   *
   * @param stationId the station id
   * @return the outcome; each subscription asks again
   */
  public Mono<RegistryLookup> lookup(String stationId) {
    Objects.requireNonNull(stationId, "stationId");
    String uri =
        "/stations/" + URLEncoder.encode(stationId, StandardCharsets.UTF_8).replace("+", "%20");
    return Mono.defer(() -> client.get(uri).exchange())
        .timeout(timeout)
        .map(response -> interpret(stationId, response))
        .transformDeferred(CircuitBreakerOperator.of(breaker))
        .onErrorResume(error -> Mono.just(new RegistryLookup.Unavailable(describe(error))));
  }

  /**
   * Returns the state of the circuit breaker, for health pages and tests.
   *
   * @return {@code CLOSED}, {@code OPEN}, {@code HALF_OPEN} or another resilience4j state
   */
  public CircuitBreaker.State breakerState() {
    return breaker.getState();
  }

  /**
   * Closes the connection pool.
   *
   * @return a {@code Mono} that closes on subscribe
   */
  public Mono<Void> close() {
    return client.close();
  }

  private static RegistryLookup interpret(String stationId, ClientResponse response) {
    if (response.status() == 404) {
      return new RegistryLookup.NotFound();
    }
    if (response.status() != 200) {
      throw new RegistryAnswerException("the station registry answered HTTP " + response.status());
    }
    JsonNode node;
    try {
      node = response.json(JsonNode.class);
    } catch (RuntimeException e) {
      throw new RegistryAnswerException("the station registry answered something that is not JSON");
    }
    return new RegistryLookup.Found(station(stationId, node));
  }

  private static RegistryStation station(String stationId, @Nullable JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new RegistryAnswerException(
          "the station registry answered something that is not a station");
    }
    JsonNode id = node.get("id");
    JsonNode name = node.get("name");
    JsonNode latitude = node.get("latitude");
    JsonNode longitude = node.get("longitude");
    JsonNode operator = node.get("operator");
    if (id == null
        || !id.isString()
        || !stationId.equals(id.asString())
        || name == null
        || !name.isString()
        || latitude == null
        || !latitude.isNumber()
        || longitude == null
        || !longitude.isNumber()) {
      throw new RegistryAnswerException(
          "the station registry answered something that is not station '" + stationId + "'");
    }
    try {
      return new RegistryStation(
          stationId,
          name.asString(),
          latitude.asDouble(),
          longitude.asDouble(),
          operator != null && operator.isString() ? operator.asString() : null);
    } catch (IllegalArgumentException e) {
      throw new RegistryAnswerException(
          "the station registry answered an invalid station: " + e.getMessage());
    }
  }

  private String describe(Throwable error) {
    if (error instanceof CallNotPermittedException) {
      return "the station registry was not asked: it failed repeatedly and its circuit breaker is"
          + " open";
    }
    if (error instanceof RegistryAnswerException) {
      return error.getMessage() == null ? "the station registry failed" : error.getMessage();
    }
    if (error instanceof TimeoutException || error instanceof HttpTimeoutException) {
      return "the station registry did not answer within " + timeout.toMillis() + " ms";
    }
    if (error instanceof ConnectException) {
      return "the station registry is unreachable (connection refused)";
    }
    if (error instanceof IOException) {
      return "the station registry connection failed";
    }
    return "the station registry failed";
  }
}
