package io.sluice.test.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultProxyTests {

  private EchoTarget target;
  private FaultProxy proxy;

  @BeforeEach
  void start() {
    target = new EchoTarget();
    proxy = FaultProxy.start("127.0.0.1", target.port());
  }

  @AfterEach
  void stop() {
    proxy.close();
    target.close();
  }

  @Test
  void passForwardsEveryByteBothWays() throws IOException {
    byte[] bytes = randomBytes(1 << 20);

    try (LoopbackClient client = new LoopbackClient(proxy)) {
      assertThat(client.echo(bytes)).isEqualTo(bytes);
    }

    assertThat(proxy.mode()).isEqualTo(FaultMode.PASS);
    assertThat(target.accepted()).isEqualTo(1);
  }

  @Test
  void delayHoldsEachChunkOnAnOpenConnectionUntilPassAgain() throws IOException {
    try (LoopbackClient client = new LoopbackClient(proxy)) {
      assertThat(client.echo(new byte[] {1})).containsExactly(1);

      proxy.delay(Duration.ofMillis(300));
      long start = System.nanoTime();
      assertThat(client.echo(new byte[] {2})).containsExactly(2);
      Duration roundTrip = Duration.ofNanos(System.nanoTime() - start);

      proxy.pass();
      assertThat(client.echo(new byte[] {3})).containsExactly(3);
      // One delay on the way there, one on the way back: a lower bound, never flaky.
      assertThat(roundTrip).isGreaterThanOrEqualTo(Duration.ofMillis(600));
    }
  }

  @Test
  void throttleForwardsNoFasterThanTheRate() throws IOException {
    proxy.throttle(64 * 1024);
    byte[] bytes = randomBytes(64 * 1024);

    try (LoopbackClient client = new LoopbackClient(proxy)) {
      long start = System.nanoTime();
      assertThat(client.echo(bytes)).isEqualTo(bytes);
      Duration roundTrip = Duration.ofNanos(System.nanoTime() - start);

      // 64 KiB at 64 KiB/s takes a second each way; the two directions overlap.
      assertThat(roundTrip).isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }
    assertThat(proxy.mode()).isEqualTo(FaultMode.THROTTLE);
  }

  @Test
  void cutClosesOpenConnectionsAndNewOnesAreForwarded() throws IOException {
    try (LoopbackClient first = new LoopbackClient(proxy);
        LoopbackClient second = new LoopbackClient(proxy)) {
      first.echo(new byte[] {1});
      second.echo(new byte[] {2});

      assertThat(proxy.cutConnections()).isEqualTo(2);

      assertThat(first.closedByPeer()).isTrue();
      assertThat(second.closedByPeer()).isTrue();
      assertThat(proxy.openConnections()).isZero();
    }
    try (LoopbackClient third = new LoopbackClient(proxy)) {
      assertThat(third.echo(new byte[] {3})).containsExactly(3);
    }
  }

  @Test
  void blackHoleAcceptsButNeverReachesTheTargetWhileOpenConnectionsGoOn() throws Exception {
    try (LoopbackClient open = new LoopbackClient(proxy)) {
      open.echo(new byte[] {1});

      proxy.blackHole();
      try (LoopbackClient swallowed = new LoopbackClient(proxy)) {
        swallowed.write(new byte[] {2});
        awaitOpenConnections(2);

        assertThat(open.echo(new byte[] {3})).containsExactly(3);
        proxy.pass();
        try (LoopbackClient afterwards = new LoopbackClient(proxy)) {
          assertThat(afterwards.echo(new byte[] {4})).containsExactly(4);
        }
        assertThat(target.accepted())
            .as("the black-holed connection never reached it")
            .isEqualTo(2);

        awaitOpenConnections(2);
        assertThat(proxy.cutConnections()).isEqualTo(2);
        assertThat(swallowed.closedByPeer()).isTrue();
      }
    }
  }

  @Test
  void refuseRefusesNewConnectionsOnTheSamePortUntilPassAgain() throws IOException {
    int port = proxy.port();
    try (LoopbackClient open = new LoopbackClient(proxy)) {
      open.echo(new byte[] {1});

      proxy.refuse();

      assertThatThrownBy(() -> new Socket(proxy.host(), port).close())
          .isInstanceOf(ConnectException.class);
      assertThat(open.echo(new byte[] {2})).as("open connections go on").containsExactly(2);

      proxy.pass();
      assertThat(proxy.port()).isEqualTo(port);
      try (LoopbackClient next = new LoopbackClient(proxy)) {
        assertThat(next.echo(new byte[] {3})).containsExactly(3);
      }
    }
  }

  @Test
  void aTargetThatStopsReadingStopsTheClientWithBoundedBuffering() throws Exception {
    // Never accepted, never read: the kernel completes the handshake and fills the buffer.
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        FaultProxy toSilent = FaultProxy.start("127.0.0.1", silent.getLocalPort())) {
      Socket client = new Socket(toSilent.host(), toSilent.port());
      AtomicLong written = new AtomicLong();
      Thread writer = new Thread(() -> writeUntilClosed(client, written), "fault-proxy-writer");
      writer.start();
      long stalledAt;
      try {
        stalledAt = awaitStall(written);
      } finally {
        client.close();
        writer.join(TimeUnit.SECONDS.toMillis(10));
      }
      // Socket buffers on both sides of the proxy hold a few MiB; the proxy itself a few chunks.
      assertThat(stalledAt).isLessThan(64L << 20);
    }
  }

  @Test
  void closeStopsListeningAndClosesConnections() throws IOException {
    int port = proxy.port();
    try (LoopbackClient open = new LoopbackClient(proxy)) {
      open.echo(new byte[] {1});

      proxy.close();

      assertThat(open.closedByPeer()).isTrue();
      assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
          .isInstanceOf(ConnectException.class);
      assertThatThrownBy(proxy::pass).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void argumentsAreCheckedWithTheirValues() {
    assertThatThrownBy(() -> proxy.delay(Duration.ZERO)).hasMessageContaining("perChunk");
    assertThatThrownBy(() -> proxy.throttle(0)).hasMessageContaining("bytesPerSecond");
    assertThatThrownBy(() -> FaultProxy.start("localhost", 0)).hasMessageContaining("was 0");
    assertThat(proxy.mode()).isEqualTo(FaultMode.PASS);
  }

  private void awaitOpenConnections(int expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (proxy.openConnections() != expected && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(proxy.openConnections()).isEqualTo(expected);
  }

  private static void writeUntilClosed(Socket socket, AtomicLong written) {
    byte[] block = new byte[64 * 1024];
    try {
      OutputStream out = socket.getOutputStream();
      while (true) {
        out.write(block);
        written.addAndGet(block.length);
      }
    } catch (IOException expected) {
      // the test closed the socket
    }
  }

  /** Waits until the counter is above zero and still for three polls 200 ms apart; 20 s at most. */
  private static long awaitStall(AtomicLong counter) throws InterruptedException {
    long last = -1;
    int still = 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      long now = counter.get();
      still = now == last && now > 0 ? still + 1 : 0;
      if (still == 3) {
        return now;
      }
      last = now;
      Thread.sleep(200);
    }
    throw new AssertionError("the client kept writing: " + counter.get() + " bytes");
  }

  private static byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    new Random(length).nextBytes(bytes);
    return bytes;
  }
}
