package io.sluice.demo.readings;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy in front of PostgreSQL that counts the statements clients send: simple-protocol Query
 * messages and extended-protocol Execute messages. It reads the frontend protocol of every
 * connection, answers "no" to TLS and GSS encryption requests so that the traffic stays readable,
 * and copies the server's bytes back untouched. Plain threads, blocking sockets.
 */
final class StatementCountingProxy implements AutoCloseable {

  private static final int SSL_REQUEST = 80877103;
  private static final int GSS_REQUEST = 80877104;
  private static final int CANCEL_REQUEST = 80877102;

  private final String targetHost;
  private final int targetPort;
  private final ServerSocket server;
  private final AtomicLong statements = new AtomicLong();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  private StatementCountingProxy(String targetHost, int targetPort) throws IOException {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "statement-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  static StatementCountingProxy start(String targetHost, int targetPort) {
    try {
      return new StatementCountingProxy(targetHost, targetPort);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return server.getLocalPort();
  }

  /** Query and Execute messages sent so far, by every connection. */
  long statements() {
    return statements.get();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(targetHost, targetPort);
        sockets.add(client);
        sockets.add(upstream);
        start("statement-proxy-up", () -> frontend(client, upstream));
        start("statement-proxy-down", () -> copy(upstream, client));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private static void start(String name, IoTask task) {
    Thread thread =
        new Thread(
            () -> {
              try {
                task.run();
              } catch (EOFException | SocketException e) {
                // a side closed
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            },
            name);
    thread.setDaemon(true);
    thread.start();
  }

  private void frontend(Socket client, Socket upstream) throws IOException {
    try (client;
        upstream) {
      DataInputStream in = new DataInputStream(client.getInputStream());
      OutputStream toServer = upstream.getOutputStream();
      while (true) {
        int length = in.readInt();
        byte[] body = new byte[length - 4];
        in.readFully(body);
        int code = ByteBuffer.wrap(body).getInt();
        if (code == SSL_REQUEST || code == GSS_REQUEST) {
          client.getOutputStream().write('N');
          client.getOutputStream().flush();
          continue;
        }
        toServer.write(ByteBuffer.allocate(4).putInt(length).array());
        toServer.write(body);
        toServer.flush();
        if (code == CANCEL_REQUEST) {
          return;
        }
        break;
      }
      while (true) {
        int type = in.readUnsignedByte();
        int length = in.readInt();
        byte[] body = new byte[length - 4];
        in.readFully(body);
        if (type == 'Q' || type == 'E') {
          statements.incrementAndGet();
        }
        toServer.write(type);
        toServer.write(ByteBuffer.allocate(4).putInt(length).array());
        toServer.write(body);
        if (in.available() == 0) {
          toServer.flush();
        }
      }
    }
  }

  private static void copy(Socket from, Socket to) throws IOException {
    InputStream in = from.getInputStream();
    OutputStream out = to.getOutputStream();
    byte[] buffer = new byte[16 * 1024];
    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
      out.write(buffer, 0, n);
      out.flush();
    }
    to.shutdownOutput();
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket socket : sockets) {
      socket.close();
    }
  }

  @FunctionalInterface
  private interface IoTask {
    void run() throws IOException;
  }
}
