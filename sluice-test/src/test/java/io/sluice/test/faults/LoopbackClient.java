package io.sluice.test.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.CompletableFuture;

/** A blocking client socket for the test thread, with a read timeout so that no test hangs. */
final class LoopbackClient implements AutoCloseable {

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  LoopbackClient(FaultProxy proxy) throws IOException {
    socket = new Socket(proxy.host(), proxy.port());
    socket.setSoTimeout(20_000);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  void write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** Reads exactly {@code length} bytes, or fails at the end of the stream. */
  byte[] read(int length) throws IOException {
    byte[] bytes = in.readNBytes(length);
    if (bytes.length < length) {
      throw new IOException("end of stream after " + bytes.length + " of " + length + " bytes");
    }
    return bytes;
  }

  /**
   * Writes the bytes (from another thread, so that a large echo cannot fill both directions'
   * buffers and stall) and reads as many back: a round trip through an echoing target.
   */
  byte[] echo(byte[] bytes) throws IOException {
    CompletableFuture<Void> written =
        CompletableFuture.runAsync(
            () -> {
              try {
                write(bytes);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    byte[] echoed = read(bytes.length);
    written.join();
    return echoed;
  }

  /**
   * Reads until the peer closes the connection: true at the end of the stream or a reset, false if
   * nothing happened within the read timeout.
   */
  boolean closedByPeer() {
    try {
      while (in.read() >= 0) {
        // drain what was in flight
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
