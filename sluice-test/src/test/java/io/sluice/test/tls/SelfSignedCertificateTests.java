package io.sluice.test.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfSignedCertificateTests {

  @Test
  void certificateIsSelfSignedForLocalhostAndLoopbackAddresses() throws Exception {
    SelfSignedCertificate generated = SelfSignedCertificate.generate();
    X509Certificate certificate = generated.certificate();

    certificate.verify(certificate.getPublicKey());
    certificate.checkValidity();
    assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
    assertThat(certificate.getSubjectAlternativeNames())
        .extracting(name -> (Object) name.get(1))
        .containsExactly((Object) "localhost", "127.0.0.1", "0:0:0:0:0:0:0:1");
    assertThat(generated.privateKey().getAlgorithm()).isEqualTo("EC");
  }

  @Test
  void writtenPemFilesHoldTheSameCertificateAndAPkcs8Key(@TempDir Path dir) throws Exception {
    SelfSignedCertificate generated = SelfSignedCertificate.generate("example.test");

    SelfSignedCertificate.PemFiles files = generated.writePem(dir);

    try (InputStream in = Files.newInputStream(files.certificate())) {
      assertThat(CertificateFactory.getInstance("X.509").generateCertificate(in))
          .isEqualTo(generated.certificate());
    }
    List<String> keyLines = Files.readAllLines(files.privateKey());
    assertThat(keyLines.get(0)).isEqualTo("-----BEGIN PRIVATE KEY-----");
    assertThat(keyLines.get(keyLines.size() - 1)).isEqualTo("-----END PRIVATE KEY-----");
  }
}
