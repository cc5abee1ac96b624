package io.sluice.bench.contract;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP/1.1 connection of the contract checker, on a plain blocking socket so that the checker
 * controls what a library client would hide: the framing of a response (length or chunked), the
 * time of its first byte, how fast its body is read and how fast a request body is written.
 */
final class HttpProbe implements AutoCloseable {

  private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final String host;

  private HttpProbe(Socket socket, String host) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    this.out = socket.getOutputStream();
    this.host = host;
  }

  /**
   * Connects to a server.
   *
   * @param receiveBuffer the socket receive buffer in bytes, or 0 for the system's; a small one
   *     makes a slow reader hold the server back instead of buffering what it sends
   * @param sendBuffer the socket send buffer in bytes, or 0 for the system's
   * @param readTimeoutMillis the longest wait for any read
   */
  static HttpProbe connect(
      InetSocketAddress server, int receiveBuffer, int sendBuffer, int readTimeoutMillis)
      throws IOException {
    Socket socket = new Socket();
    try {
      if (receiveBuffer > 0) {
        socket.setReceiveBufferSize(receiveBuffer);
      }
      if (sendBuffer > 0) {
        socket.setSendBufferSize(sendBuffer);
      }
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(readTimeoutMillis);
      socket.connect(server, CONNECT_TIMEOUT_MILLIS);
      return new HttpProbe(socket, server.getHostString() + ":" + server.getPort());
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /** Sends one request and reads the whole response. */
  static Response exchange(
      InetSocketAddress server, String method, String target, byte @Nullable [] body)
      throws IOException {
    try (HttpProbe probe = connect(server, 0, 0, 60_000)) {
      Map<String, String> headers = new LinkedHashMap<>();
      if (body != null) {
        headers.put("Content-Type", "application/x-ndjson");
        headers.put("Content-Length", Integer.toString(body.length));
      }
      probe.writeHead(method, target, headers);
      if (body != null) {
        probe.body().write(body);
        probe.body().flush();
      }
      Head head = probe.readHead();
      return new Response(head, probe.readBody(head).readAllBytes());
    }
  }

  /** Writes a request line and headers ({@code Host} is added). */
  void writeHead(String method, String target, Map<String, String> headers) throws IOException {
    StringBuilder head = new StringBuilder(128);
    head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    head.append("Host: ").append(host).append("\r\n");
    headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
    head.append("\r\n");
    out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** The stream a request body is written to. */
  OutputStream body() {
    return out;
  }

  /** Reads a response's status line and headers. */
  Head readHead() throws IOException {
    String statusLine = readLine();
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new IOException("Not an HTTP/1.x status line: '" + statusLine + "'");
    }
    int status;
    try {
      status = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new IOException("Bad status in '" + statusLine + "'", e);
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String line = readLine(); !line.isEmpty(); line = readLine()) {
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new IOException("Malformed header line '" + line + "'");
      }
      headers
          .computeIfAbsent(
              line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(line.substring(colon + 1).trim());
    }
    return new Head(status, headers, Instant.now());
  }

  /**
   * The body of a response whose head was read: {@code Content-Length} bytes, the decoded chunks,
   * or up to the end of the connection.
   */
  InputStream readBody(Head head) {
    if (head.isChunked()) {
      return new ChunkedBody();
    }
    String length = head.header("content-length");
    if (length != null) {
      return new LimitedBody(Long.parseLong(length));
    }
    return in;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(64);
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("Connection closed in the middle of a line");
      }
      if (b == '\n') {
        byte[] bytes = line.toByteArray();
        int end =
            bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
      }
      line.write(b);
      if (line.size() > 64 * 1024) {
        throw new IOException("Line longer than 64 KB");
      }
    }
  }

  /** A response's status, headers (names in lower case) and the time they were received. */
  record Head(int status, Map<String, List<String>> headers, Instant received) {

    /** The first value of a header (name in lower case), or null. */
    @Nullable String header(String name) {
      List<String> values = headers.get(name);
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Whether the body is sent with chunked transfer coding. */
    boolean isChunked() {
      String coding = header("transfer-encoding");
      return coding != null && coding.toLowerCase(Locale.ROOT).contains("chunked");
    }
  }

  /** A whole response. */
  static final class Response {

    private final Head head;
    private final byte[] body;

    Response(Head head, byte[] body) {
      this.head = head;
      this.body = body;
    }

    Head head() {
      return head;
    }

    int status() {
      return head.status();
    }

    /** The body; the array is the caller's. */
    byte[] body() {
      return body;
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** A body stream reading through {@link #read(byte[], int, int)} only. */
  private abstract static class BodyStream extends InputStream {

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public abstract int read(byte[] buffer, int offset, int length) throws IOException;
  }

  private final class LimitedBody extends BodyStream {

    private long remaining;

    LimitedBody(long length) {
      this.remaining = length;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (remaining == 0) {
        return -1;
      }
      int read = in.read(buffer, offset, (int) Math.min(length, remaining));
      if (read < 0) {
        throw new EOFException(remaining + " bytes of the body missing");
      }
      remaining -= read;
      return read;
    }
  }

  private final class ChunkedBody extends BodyStream {

    private long chunkRemaining;
    private boolean done;

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (done) {
        return -1;
      }
      if (chunkRemaining == 0) {
        String size = readLine();
        int extension = size.indexOf(';');
        try {
          chunkRemaining =
              Long.parseLong((extension < 0 ? size : size.substring(0, extension)).trim(), 16);
        } catch (NumberFormatException e) {
          throw new IOException("Bad chunk size line '" + size + "'", e);
        }
        if (chunkRemaining == 0) {
          while (!readLine().isEmpty()) {
            // trailer fields
          }
          done = true;
          return -1;
        }
      }
      int read = in.read(buffer, offset, (int) Math.min(length, chunkRemaining));
      if (read < 0) {
        throw new EOFException("Connection closed inside a chunk");
      }
      chunkRemaining -= read;
      if (chunkRemaining == 0 && !readLine().isEmpty()) {
        throw new IOException("Chunk not followed by CRLF");
      }
      return read;
    }
  }
}
