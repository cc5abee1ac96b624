package io.sluice.net;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * TLS settings of a client: which server certificates to trust and how long the handshake may take.
 * Immutable.
 *
 * <p>The server's host name is always verified against its certificate; there is deliberately no
 * setting that trusts every certificate. To reach a server with a self-signed certificate, trust
 * that certificate with {@link #trusting(X509Certificate...)}.
 */
public final class ClientTls {

  /** The default handshake timeout: 10 seconds. */
  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

  private final List<X509Certificate> trustedCertificates;
  private final Duration handshakeTimeout;

  private ClientTls(List<X509Certificate> trustedCertificates, Duration handshakeTimeout) {
    this.trustedCertificates = trustedCertificates;
    this.handshakeTimeout = handshakeTimeout;
  }

  /**
   * Trusts what the JVM trusts (its default trust store), with a 10-second handshake timeout.
   *
   * @return the settings
   */
  public static ClientTls system() {
    return new ClientTls(List.of(), DEFAULT_HANDSHAKE_TIMEOUT);
  }

  /**
   * Trusts only servers whose certificate chain ends in one of {@code certificates}, with a
   * 10-second handshake timeout.
   *
   * @param certificates the trusted certificates, at least one
   * @return the settings
   * @throws IllegalArgumentException if no certificate is given
   */
  public static ClientTls trusting(X509Certificate... certificates) {
    Objects.requireNonNull(certificates, "certificates");
    if (certificates.length == 0) {
      throw new IllegalArgumentException(
          "certificates must name at least one certificate; use ClientTls.system() for the JVM's");
    }
    return new ClientTls(List.of(certificates), DEFAULT_HANDSHAKE_TIMEOUT);
  }

  /**
   * Sets how long the TLS handshake may take. Default 10 seconds; past it the connection fails with
   * {@link javax.net.ssl.SSLHandshakeException}.
   *
   * @param handshakeTimeout positive
   * @return a changed copy
   * @throws IllegalArgumentException if the timeout is not positive
   */
  public ClientTls withHandshakeTimeout(Duration handshakeTimeout) {
    Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
    if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
      throw new IllegalArgumentException(
          "handshakeTimeout must be positive, but was " + handshakeTimeout);
    }
    return new ClientTls(trustedCertificates, handshakeTimeout);
  }

  /**
   * Returns the trusted certificates.
   *
   * @return the certificates; empty when the JVM's trust store is used
   */
  public List<X509Certificate> trustedCertificates() {
    return trustedCertificates;
  }

  /**
   * Returns the handshake timeout.
   *
   * @return the timeout
   */
  public Duration handshakeTimeout() {
    return handshakeTimeout;
  }

  @Override
  public String toString() {
    return "ClientTls[trusted="
        + (trustedCertificates.isEmpty()
            ? "system"
            : trustedCertificates.size() + " certificate(s)")
        + ", handshakeTimeout="
        + handshakeTimeout
        + "]";
  }
}
