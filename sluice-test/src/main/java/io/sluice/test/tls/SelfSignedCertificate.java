package io.sluice.test.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A freshly generated EC (P-256) key and a self-signed certificate for it, valid for a day, for
 * {@code localhost}, {@code 127.0.0.1} and {@code ::1}: for tests only.
 *
 * <pre>{@code
 * SelfSignedCertificate cert = SelfSignedCertificate.generate();
 * ServerTls tls = ServerTls.of(cert.privateKey(), cert.certificate());
 * // a client trusts cert.certificate()
 * }</pre>
 */
public final class SelfSignedCertificate {

  private final PrivateKey privateKey;
  private final X509Certificate certificate;

  private SelfSignedCertificate(PrivateKey privateKey, X509Certificate certificate) {
    this.privateKey = privateKey;
    this.certificate = certificate;
  }

  /**
   * Generates a key and a certificate for {@code localhost}.
   *
   * @return a new key and certificate
   */
  public static SelfSignedCertificate generate() {
    return generate("localhost");
  }

  /**
   * Generates a key and a certificate whose subject and first alternative name is {@code hostname};
   * {@code 127.0.0.1} and {@code ::1} are alternative names as well.
   *
   * @param hostname the DNS name the certificate is for
   * @return a new key and certificate
   */
  public static SelfSignedCertificate generate(String hostname) {
    Objects.requireNonNull(hostname, "hostname");
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      KeyPair pair = generator.generateKeyPair();
      X500Name subject = new X500Name("CN=" + hostname);
      Instant now = Instant.now();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              subject,
              new BigInteger(64, new SecureRandom()),
              Date.from(now.minus(Duration.ofHours(1))),
              Date.from(now.plus(Duration.ofDays(1))),
              subject,
              pair.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(
              new GeneralName[] {
                new GeneralName(GeneralName.dNSName, hostname),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.iPAddress, "::1")
              }));
      X509Certificate certificate =
          new JcaX509CertificateConverter()
              .getCertificate(
                  builder.build(
                      new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
      return new SelfSignedCertificate(pair.getPrivate(), certificate);
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("Cannot generate a self-signed certificate", e);
    }
  }

  /**
   * Returns the private key.
   *
   * @return the key
   */
  public PrivateKey privateKey() {
    return privateKey;
  }

  /**
   * Returns the self-signed certificate, which is also what a client must trust.
   *
   * @return the certificate
   */
  public X509Certificate certificate() {
    return certificate;
  }

  /**
   * Writes the certificate and the key as PEM files ({@code cert.pem}, PKCS#8 {@code key.pem}) into
   * a directory.
   *
   * @param directory an existing directory
   * @return the two files written
   * @throws UncheckedIOException if a file cannot be written
   */
  public PemFiles writePem(Path directory) {
    Objects.requireNonNull(directory, "directory");
    try {
      Path cert = directory.resolve("cert.pem");
      Path key = directory.resolve("key.pem");
      Files.writeString(
          cert, pem("CERTIFICATE", certificate.getEncoded()), StandardCharsets.US_ASCII);
      Files.writeString(
          key, pem("PRIVATE KEY", privateKey.getEncoded()), StandardCharsets.US_ASCII);
      return new PemFiles(cert, key);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot encode the certificate", e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  /**
   * The PEM files written by {@link #writePem(Path)}.
   *
   * @param certificate the certificate file
   * @param privateKey the PKCS#8 private key file
   */
  public record PemFiles(Path certificate, Path privateKey) {}
}
