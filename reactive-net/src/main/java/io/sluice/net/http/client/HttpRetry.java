package io.sluice.net.http.client;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * When and how the client repeats a failed request. Immutable.
 *
 * <p>A request is retried only if no part of its response was emitted yet, and only:
 *
 * <ul>
 *   <li>after a <b>connection failure</b> (refused, unreachable, connect timeout), whatever the
 *       method, since the request never left; or
 *   <li>for an <b>idempotent</b> method ({@code GET}, {@code HEAD}, {@code OPTIONS}, {@code TRACE},
 *       {@code PUT}, {@code DELETE}) after an I/O error (such as the server closing the
 *       connection), a response timeout, or a status in {@link #statuses()}.
 * </ul>
 *
 * <p>{@code POST} and {@code PATCH} are never repeated once sent. Waits grow exponentially from
 * {@link #minBackoff()} to {@link #maxBackoff()}, each varied at random by up to {@link #jitter()}
 * of itself. When every retry failed, the last failure is emitted with the earlier ones {@linkplain
 * Throwable#getSuppressed() suppressed}. A streamed request body is subscribed again for each
 * attempt.
 */
public final class HttpRetry {

  /** The default number of retries after the first attempt: 2. */
  public static final int DEFAULT_MAX_RETRIES = 2;

  /** The default first wait: 100 ms. */
  public static final Duration DEFAULT_MIN_BACKOFF = Duration.ofMillis(100);

  /** The default longest wait: 2 s. */
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(2);

  /** The default jitter: 0.5. */
  public static final double DEFAULT_JITTER = 0.5;

  /** The default statuses retried for idempotent requests: 502, 503, 504. */
  public static final Set<Integer> DEFAULT_STATUSES = Set.of(502, 503, 504);

  private static final HttpRetry NONE =
      new HttpRetry(0, DEFAULT_MIN_BACKOFF, DEFAULT_MAX_BACKOFF, DEFAULT_JITTER, Set.of());

  private final int maxRetries;
  private final Duration minBackoff;
  private final Duration maxBackoff;
  private final double jitter;
  private final Set<Integer> statuses;

  private HttpRetry(
      int maxRetries,
      Duration minBackoff,
      Duration maxBackoff,
      double jitter,
      Set<Integer> statuses) {
    this.maxRetries = maxRetries;
    this.minBackoff = minBackoff;
    this.maxBackoff = maxBackoff;
    this.jitter = jitter;
    this.statuses = statuses;
  }

  /**
   * The defaults: 2 retries, waits from 100 ms to 2 s with jitter 0.5, statuses 502, 503, 504.
   *
   * @return the default policy
   */
  public static HttpRetry defaults() {
    return new HttpRetry(
        DEFAULT_MAX_RETRIES,
        DEFAULT_MIN_BACKOFF,
        DEFAULT_MAX_BACKOFF,
        DEFAULT_JITTER,
        DEFAULT_STATUSES);
  }

  /**
   * Never retries.
   *
   * @return the policy without retries
   */
  public static HttpRetry none() {
    return NONE;
  }

  /**
   * Sets the number of retries after the first attempt. Default 2.
   *
   * @param maxRetries 0 (no retry) or more
   * @return a changed copy
   * @throws IllegalArgumentException if negative
   */
  public HttpRetry withMaxRetries(int maxRetries) {
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must not be negative, but was " + maxRetries);
    }
    return new HttpRetry(maxRetries, minBackoff, maxBackoff, jitter, statuses);
  }

  /**
   * Sets the waits between attempts: the first is {@code minBackoff}, each next one doubles, none
   * exceeds {@code maxBackoff}. Defaults 100 ms and 2 s.
   *
   * @param minBackoff the first wait, not negative
   * @param maxBackoff the longest wait, not shorter than {@code minBackoff}
   * @return a changed copy
   * @throws IllegalArgumentException if a wait is negative or {@code maxBackoff < minBackoff}
   */
  public HttpRetry withBackoff(Duration minBackoff, Duration maxBackoff) {
    Objects.requireNonNull(minBackoff, "minBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (minBackoff.isNegative() || maxBackoff.compareTo(minBackoff) < 0) {
      throw new IllegalArgumentException(
          "minBackoff must not be negative and maxBackoff not shorter, but minBackoff="
              + minBackoff
              + " and maxBackoff="
              + maxBackoff);
    }
    return new HttpRetry(maxRetries, minBackoff, maxBackoff, jitter, statuses);
  }

  /**
   * Sets how much each wait varies at random, as a fraction of it. Default 0.5.
   *
   * @param jitter 0 (none) to 1
   * @return a changed copy
   * @throws IllegalArgumentException if out of range
   */
  public HttpRetry withJitter(double jitter) {
    if (!(jitter >= 0 && jitter <= 1)) {
      throw new IllegalArgumentException("jitter must be between 0 and 1, but was " + jitter);
    }
    return new HttpRetry(maxRetries, minBackoff, maxBackoff, jitter, statuses);
  }

  /**
   * Sets the response statuses after which an idempotent request is retried. Default 502, 503, 504.
   *
   * @param statuses status codes from 100 to 599
   * @return a changed copy
   * @throws IllegalArgumentException if a status is out of range
   */
  public HttpRetry withStatuses(Set<Integer> statuses) {
    Objects.requireNonNull(statuses, "statuses");
    for (int status : statuses) {
      if (status < 100 || status > 599) {
        throw new IllegalArgumentException(
            "statuses must be between 100 and 599, but contained " + status);
      }
    }
    return new HttpRetry(maxRetries, minBackoff, maxBackoff, jitter, Set.copyOf(statuses));
  }

  /**
   * Returns the number of retries after the first attempt.
   *
   * @return retries
   */
  public int maxRetries() {
    return maxRetries;
  }

  /**
   * Returns the first wait.
   *
   * @return the wait
   */
  public Duration minBackoff() {
    return minBackoff;
  }

  /**
   * Returns the longest wait.
   *
   * @return the wait
   */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  /**
   * Returns the jitter fraction.
   *
   * @return 0 to 1
   */
  public double jitter() {
    return jitter;
  }

  /**
   * Returns the statuses retried for idempotent requests.
   *
   * @return unmodifiable status codes
   */
  public Set<Integer> statuses() {
    return statuses;
  }

  @Override
  public String toString() {
    return "HttpRetry[maxRetries="
        + maxRetries
        + ", backoff="
        + minBackoff
        + ".."
        + maxBackoff
        + ", jitter="
        + jitter
        + ", statuses="
        + statuses
        + "]";
  }
}
