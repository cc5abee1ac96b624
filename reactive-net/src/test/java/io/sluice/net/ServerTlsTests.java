package io.sluice.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.test.tls.SelfSignedCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerTlsTests {

  @Test
  void readsTheKeyAndChainFromPemFiles(@TempDir Path dir) {
    SelfSignedCertificate generated = SelfSignedCertificate.generate();
    SelfSignedCertificate.PemFiles files = generated.writePem(dir);

    ServerTls tls = ServerTls.fromPem(files.certificate(), files.privateKey());

    assertThat(tls.certificateChain()).containsExactly(generated.certificate());
    assertThat(tls.privateKey().getEncoded()).isEqualTo(generated.privateKey().getEncoded());
    assertThat(tls.handshakeTimeout()).isEqualTo(ServerTls.DEFAULT_HANDSHAKE_TIMEOUT);
  }

  @Test
  void namesTheFileThatHoldsNoKey(@TempDir Path dir) throws Exception {
    SelfSignedCertificate.PemFiles files = SelfSignedCertificate.generate().writePem(dir);
    Path notAKey = Files.writeString(dir.resolve("not-a-key.pem"), "hello");

    assertThatThrownBy(() -> ServerTls.fromPem(files.certificate(), notAKey))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(notAKey.toString())
        .hasMessageContaining("PKCS#8");
    assertThatThrownBy(() -> ServerTls.fromPem(dir.resolve("missing.pem"), files.privateKey()))
        .hasMessageContaining("missing.pem");
  }

  @Test
  void handshakeTimeoutMustBePositive() {
    SelfSignedCertificate generated = SelfSignedCertificate.generate();
    ServerTls tls = ServerTls.of(generated.privateKey(), generated.certificate());

    assertThat(tls.withHandshakeTimeout(Duration.ofSeconds(1)).handshakeTimeout())
        .isEqualTo(Duration.ofSeconds(1));
    assertThatThrownBy(() -> tls.withHandshakeTimeout(Duration.ZERO))
        .hasMessage("handshakeTimeout must be positive, but was PT0S");
  }
}
