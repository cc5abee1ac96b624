package io.sluice.net;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * The key and certificate chain a server presents in TLS handshakes.
 *
 * <p>An immutable value: {@code with...} methods return a changed copy. The server negotiates
 * HTTP/2 through ALPN when it is configured for HTTP/2, HTTP/1.1 otherwise.
 *
 * <pre>{@code
 * ServerTls tls = ServerTls.fromPem(Path.of("cert.pem"), Path.of("key.pem"));
 * }</pre>
 *
 * <p>Deliberately not supported: client-certificate authentication and encrypted key files.
 */
public final class ServerTls {

  /** The default handshake timeout, 10 seconds. */
  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

  private final PrivateKey privateKey;
  private final List<X509Certificate> certificateChain;
  private final Duration handshakeTimeout;

  private ServerTls(
      PrivateKey privateKey, List<X509Certificate> certificateChain, Duration handshakeTimeout) {
    this.privateKey = privateKey;
    this.certificateChain = certificateChain;
    this.handshakeTimeout = handshakeTimeout;
  }

  /**
   * Creates TLS settings from a private key and its certificate chain, leaf first.
   *
   * @param privateKey the server's private key
   * @param certificateChain the certificate chain, leaf first, at least one certificate
   * @return the settings, with the default handshake timeout
   * @throws IllegalArgumentException if the chain is empty
   */
  public static ServerTls of(PrivateKey privateKey, X509Certificate... certificateChain) {
    Objects.requireNonNull(privateKey, "privateKey");
    Objects.requireNonNull(certificateChain, "certificateChain");
    if (certificateChain.length == 0) {
      throw new IllegalArgumentException("certificateChain must hold at least one certificate");
    }
    for (X509Certificate certificate : certificateChain) {
      Objects.requireNonNull(certificate, "certificateChain element");
    }
    return new ServerTls(privateKey, List.of(certificateChain), DEFAULT_HANDSHAKE_TIMEOUT);
  }

  /**
   * Reads TLS settings from PEM files: a certificate chain (leaf first) and an unencrypted PKCS#8
   * private key ({@code -----BEGIN PRIVATE KEY-----}, RSA or EC).
   *
   * <p>Reads the files now, blocking the calling thread: call it at startup, not on an event loop.
   *
   * @param certificateChainPem the certificate chain file
   * @param privateKeyPem the private key file
   * @return the settings, with the default handshake timeout
   * @throws IllegalArgumentException naming the file if a file cannot be read or parsed
   */
  public static ServerTls fromPem(Path certificateChainPem, Path privateKeyPem) {
    Objects.requireNonNull(certificateChainPem, "certificateChainPem");
    Objects.requireNonNull(privateKeyPem, "privateKeyPem");
    List<X509Certificate> chain = readCertificates(certificateChainPem);
    PrivateKey key = readPrivateKey(privateKeyPem);
    return new ServerTls(key, chain, DEFAULT_HANDSHAKE_TIMEOUT);
  }

  /**
   * Returns a copy with another handshake timeout; a client that has not completed the handshake by
   * then is disconnected.
   *
   * <p>Default: {@link #DEFAULT_HANDSHAKE_TIMEOUT}.
   *
   * @param handshakeTimeout a positive duration
   * @return a changed copy
   * @throws IllegalArgumentException if the duration is not positive
   */
  public ServerTls withHandshakeTimeout(Duration handshakeTimeout) {
    Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
    if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
      throw new IllegalArgumentException(
          "handshakeTimeout must be positive, but was " + handshakeTimeout);
    }
    return new ServerTls(privateKey, certificateChain, handshakeTimeout);
  }

  /**
   * Returns the server's private key.
   *
   * @return the private key
   */
  public PrivateKey privateKey() {
    return privateKey;
  }

  /**
   * Returns the certificate chain, leaf first.
   *
   * @return an unmodifiable, non-empty list
   */
  public List<X509Certificate> certificateChain() {
    return certificateChain;
  }

  /**
   * Returns the handshake timeout.
   *
   * @return the handshake timeout
   */
  public Duration handshakeTimeout() {
    return handshakeTimeout;
  }

  @Override
  public String toString() {
    return "ServerTls[subject="
        + certificateChain.get(0).getSubjectX500Principal().getName()
        + ", handshakeTimeout="
        + handshakeTimeout
        + "]";
  }

  private static List<X509Certificate> readCertificates(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      List<X509Certificate> chain = new ArrayList<>();
      for (var certificate : factory.generateCertificates(in)) {
        chain.add((X509Certificate) certificate);
      }
      if (chain.isEmpty()) {
        throw new IllegalArgumentException("No certificate found in '" + file + "'");
      }
      return List.copyOf(chain);
    } catch (IOException | CertificateException e) {
      throw new IllegalArgumentException(
          "Cannot read a certificate chain from '" + file + "': " + e.getMessage(), e);
    }
  }

  private static PrivateKey readPrivateKey(Path file) {
    String pem;
    try {
      pem = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Cannot read a private key from '" + file + "': " + e.getMessage(), e);
    }
    String begin = "-----BEGIN PRIVATE KEY-----";
    String end = "-----END PRIVATE KEY-----";
    int from = pem.indexOf(begin);
    int to = pem.indexOf(end);
    if (from < 0 || to < from) {
      throw new IllegalArgumentException(
          "'" + file + "' holds no unencrypted PKCS#8 key (" + begin + ")");
    }
    byte[] der = Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to).strip());
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw new IllegalArgumentException(
        "'" + file + "' holds a PKCS#8 key that is neither RSA, EC nor Ed25519");
  }
}
