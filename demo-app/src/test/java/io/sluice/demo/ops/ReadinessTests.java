package io.sluice.demo.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.db.Database;
import io.sluice.db.PoolStats;
import io.sluice.demo.DemoUnderTest;
import io.sluice.net.http.client.ClientResponse;
import io.sluice.test.postgres.PostgresDatabase;
import io.sluice.test.postgres.PostgresTest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** {@code /ready} says the app can serve while slow streams hold every pooled connection. */
@PostgresTest
class ReadinessTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private static final int POOL_SIZE = 2;

  /** Far more NDJSON than the socket buffers between server and a reader that reads nothing. */
  private static final int ROWS = 80_000;

  private final PostgresDatabase database;

  ReadinessTests(PostgresDatabase database) {
    this.database = database;
  }

  @Test
  void staysReadyWhileSlowStreamsHoldEveryPooledConnection() throws Exception {
    try (DemoUnderTest app =
        DemoUnderTest.start(database, Map.of("DB_POOL_SIZE", Integer.toString(POOL_SIZE)))) {
      Database pool = app.database();
      pool.sql(
              "insert into readings (station_id, recorded_at, temperature, humidity, pressure)"
                  + " select 'slow-' || (g % 4), now(), g, 50, 1000"
                  + " from generate_series(1, "
                  + ROWS
                  + ") g")
          .rowsUpdated()
          .block(TIMEOUT);
      List<Socket> readers = new ArrayList<>();
      try {
        // Snapshot streams hold a pooled connection until the client has read everything.
        for (int i = 0; i < POOL_SIZE; i++) {
          readers.add(
              slowReader(app.demo().port(), "/api/readings?consistency=snapshot&limit=1000000"));
        }
        awaitPool(pool, stats -> stats.acquired() == stats.maxSize());
        assertThatThrownBy(
                () ->
                    pool.sql("select 1")
                        .map(Integer.class)
                        .one()
                        .timeout(Duration.ofSeconds(1))
                        .block(TIMEOUT))
            .as("a statement through the pool waits for a connection")
            .hasCauseInstanceOf(TimeoutException.class);

        ClientResponse ready = app.exchange(app.client().get("/ready"));

        assertThat(ready.status()).isEqualTo(200);
        assertThat(DemoUnderTest.json(ready).get("database").asString()).isEqualTo("UP");
        assertThat(pool.poolStats().acquired())
            .as("the streams still hold the whole pool")
            .isEqualTo(pool.poolStats().maxSize());
      } finally {
        for (Socket reader : readers) {
          reader.close();
        }
      }
      awaitPool(pool, stats -> stats.acquired() == 0);
    }
  }

  /**
   * Sends a request on a socket with a tiny receive buffer and reads the first byte of the answer,
   * so the stream is under way (its query holds a connection); then reads nothing more.
   */
  private static Socket slowReader(int port, String uri) throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(1024);
    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    OutputStream out = socket.getOutputStream();
    out.write(
        ("GET " + uri + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/x-ndjson\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    socket.setSoTimeout((int) TIMEOUT.toMillis());
    assertThat(socket.getInputStream().read()).as("first byte of the answer").isEqualTo('H');
    return socket;
  }

  private static void awaitPool(Database pool, java.util.function.Predicate<PoolStats> condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.test(pool.poolStats())) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("pool never reached the state; it is " + pool.poolStats());
      }
      Thread.sleep(20);
    }
  }
}
