package io.sluice.demo;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The demo's edge settings, read from environment variables next to {@link DemoConfig}: the rate
 * limit of write endpoints and TLS.
 *
 * @param rateLimit {@code RATE_LIMIT}: write requests ({@code POST}) per second allowed per client
 *     address, with bursts of twice as many; {@code 0} turns the limit off; default {@value
 *     #DEFAULT_RATE_LIMIT}. Past it the answer is {@code 429} with {@code Retry-After}.
 * @param tlsCertificate {@code TLS_CERT}: a PEM file with the server certificate chain; with {@code
 *     TLS_KEY} the demo serves HTTPS only. Unset (the default): plain HTTP.
 * @param tlsKey {@code TLS_KEY}: a PEM file with the certificate's unencrypted PKCS#8 private key
 */
public record SecurityConfig(int rateLimit, @Nullable Path tlsCertificate, @Nullable Path tlsKey) {

  /** The default write requests per second per client address, {@value}. */
  public static final int DEFAULT_RATE_LIMIT = 50;

  /** Validates the settings. */
  public SecurityConfig {
    if (rateLimit < 0) {
      throw new IllegalArgumentException("RATE_LIMIT must be 0 (off) or more, was " + rateLimit);
    }
    if ((tlsCertificate == null) != (tlsKey == null)) {
      throw new IllegalArgumentException(
          "TLS_CERT and TLS_KEY go together: set both for HTTPS or neither for plain HTTP");
    }
  }

  /**
   * The defaults: {@value #DEFAULT_RATE_LIMIT} writes per second per client, plain HTTP.
   *
   * @return the default settings
   */
  public static SecurityConfig defaults() {
    return fromEnvironment(Map.of());
  }

  /**
   * Reads {@code RATE_LIMIT}, {@code TLS_CERT} and {@code TLS_KEY}; unset or blank variables take
   * their default.
   *
   * @param env the environment, usually {@code System.getenv()}
   * @return the settings
   * @throws IllegalArgumentException naming the variable if one is malformed
   */
  public static SecurityConfig fromEnvironment(Map<String, String> env) {
    Objects.requireNonNull(env, "env");
    String rate = blankToNull(env.get("RATE_LIMIT"));
    int rateLimit;
    try {
      rateLimit = rate == null ? DEFAULT_RATE_LIMIT : Integer.parseInt(rate);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("RATE_LIMIT is not a whole number: '" + rate + "'", e);
    }
    String cert = blankToNull(env.get("TLS_CERT"));
    String key = blankToNull(env.get("TLS_KEY"));
    return new SecurityConfig(
        rateLimit, cert == null ? null : Path.of(cert), key == null ? null : Path.of(key));
  }

  /**
   * Returns whether the demo serves HTTPS.
   *
   * @return true when a certificate and key are configured
   */
  public boolean tls() {
    return tlsCertificate != null;
  }

  private static @Nullable String blankToNull(@Nullable String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
