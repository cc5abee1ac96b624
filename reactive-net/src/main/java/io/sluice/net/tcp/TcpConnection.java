package io.sluice.net.tcp;

import io.netty.buffer.Unpooled;
import io.sluice.net.internal.ByteBufCopy;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;

/**
 * One open TCP connection, handed to a {@link TcpServer} handler or a {@link TcpClient} function.
 * It is a duplex stream: {@link #receive()} reads, {@link #send(Publisher)} writes, both at once if
 * needed.
 *
 * <p>The connection belongs to the handler's publisher: it is closed when that publisher terminates
 * or is cancelled.
 */
public final class TcpConnection {

  private final Connection connection;

  TcpConnection(Connection connection) {
    this.connection = connection;
  }

  /**
   * Returns the bytes read from the connection.
   *
   * <p>Emits owned heap buffers, in arrival order; completes when the peer closes its side.
   *
   * <p><b>Backpressure:</b> the socket is read only while there is demand; a subscriber that stops
   * requesting stops the reads, the kernel buffers fill, and TCP flow control slows the peer.
   *
   * <p><b>Cancellation:</b> stops reading; the connection stays open until the handler's publisher
   * terminates.
   *
   * <p><b>Errors:</b> I/O errors of the connection. Only one subscriber is allowed per connection;
   * a second one fails with {@link IllegalStateException}.
   *
   * @return the inbound chunks
   */
  public Flux<ByteBuffer> receive() {
    return connection.inbound().receive().map(ByteBufCopy::toOwned);
  }

  /**
   * Returns the messages read from the connection, cut by {@code framing}.
   *
   * <p><b>Backpressure:</b> as {@link #receive()}; a message is decoded only when requested.
   *
   * <p><b>Errors:</b> as {@link #receive()}, plus the framing's: {@link
   * io.sluice.codec.LineTooLongException} or {@link io.sluice.codec.FrameTooLongException} for an
   * over-long frame with the built-in framings.
   *
   * @param framing how messages are cut
   * @param <T> the message type
   * @return the inbound messages
   */
  public <T> Flux<T> receive(TcpFraming<T> framing) {
    Objects.requireNonNull(framing, "framing");
    return receive().transform(framing.decoder());
  }

  /**
   * Writes chunks to the connection; completes once all are written.
   *
   * <p><b>Backpressure:</b> chunks are requested only while the socket accepts writes; a peer that
   * stops reading stops the requests.
   *
   * <p><b>Cancellation:</b> stops writing; the connection stays open until the handler's publisher
   * terminates.
   *
   * <p><b>Errors:</b> the source's errors and I/O errors of the connection.
   *
   * @param chunks the bytes to write; each buffer's remaining bytes are written and the buffer must
   *     not be changed afterwards
   * @return a {@code Mono} that writes on subscribe
   */
  public Mono<Void> send(Publisher<ByteBuffer> chunks) {
    Objects.requireNonNull(chunks, "chunks");
    return connection.outbound().send(Flux.from(chunks).map(Unpooled::wrappedBuffer)).then();
  }

  /**
   * Writes messages to the connection, each encoded by {@code framing}.
   *
   * <p>Backpressure, cancellation and errors as {@link #send(Publisher)}.
   *
   * @param messages the messages to write
   * @param framing how they are encoded
   * @param <T> the message type
   * @return a {@code Mono} that writes on subscribe
   */
  public <T> Mono<Void> send(Publisher<T> messages, TcpFraming<T> framing) {
    Objects.requireNonNull(messages, "messages");
    Objects.requireNonNull(framing, "framing");
    return send(Flux.from(messages).transform(framing.encoder()));
  }

  /**
   * Returns the address of the peer.
   *
   * @return the remote address
   */
  public SocketAddress remoteAddress() {
    return connection.channel().remoteAddress();
  }

  /**
   * Returns the local address of the connection.
   *
   * @return the local address
   */
  public SocketAddress localAddress() {
    return connection.channel().localAddress();
  }

  /**
   * Completes when the connection is closed, by either side.
   *
   * @return a {@code Mono} that completes on close
   */
  public Mono<Void> onClose() {
    return connection.onDispose();
  }

  @Override
  public String toString() {
    return "TcpConnection[" + localAddress() + " -> " + remoteAddress() + "]";
  }
}
