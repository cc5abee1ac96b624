package io.sluice.net.udp;

import io.netty.buffer.Unpooled;
import io.netty.channel.socket.DatagramPacket;
import io.sluice.net.internal.ByteBufCopy;
import java.net.InetSocketAddress;
import java.util.Objects;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;

/**
 * A bound UDP socket that receives and sends {@link Datagram}s. Obtain one from {@link
 * UdpEndpoint#bind()}; close it with {@link #close()}.
 *
 * <p>UDP has no flow control: datagrams that arrive while nobody reads wait in the operating
 * system's receive buffer and, once it is full, are dropped by the operating system. Sluice never
 * queues them without bound.
 */
public final class UdpSocket {

  private final Connection connection;

  UdpSocket(Connection connection) {
    this.connection = connection;
  }

  /**
   * Returns the datagrams received on this socket.
   *
   * <p>Emits each datagram with an owned copy of its payload and its sender's address. Completes
   * when the socket is closed.
   *
   * <p><b>Backpressure:</b> the socket is read only while there is demand; meanwhile datagrams wait
   * in the kernel's receive buffer (and are dropped by the kernel when it is full).
   *
   * <p><b>Cancellation / resources:</b> stops receiving for good; a socket has one receiver for its
   * lifetime. The socket stays bound until {@link #close()}.
   *
   * <p><b>Errors:</b> socket I/O errors; {@link IllegalStateException} for a second subscriber.
   *
   * @return the received datagrams
   */
  public Flux<Datagram> receive() {
    return connection
        .inbound()
        .receiveObject()
        .ofType(DatagramPacket.class)
        .map(packet -> new Datagram(ByteBufCopy.toOwned(packet.content()), packet.sender()));
  }

  /**
   * Sends datagrams, each to its own address; completes once all are sent.
   *
   * <p><b>Backpressure:</b> datagrams are requested only while the socket accepts writes.
   *
   * <p><b>Cancellation:</b> stops sending; the socket stays bound.
   *
   * <p><b>Errors:</b> the source's errors and socket I/O errors, such as a datagram larger than the
   * network allows.
   *
   * @param datagrams the datagrams to send; their content must not change until sent
   * @return a {@code Mono} that sends on subscribe
   */
  public Mono<Void> send(Publisher<Datagram> datagrams) {
    Objects.requireNonNull(datagrams, "datagrams");
    return connection
        .outbound()
        .sendObject(
            Flux.from(datagrams)
                .map(d -> new DatagramPacket(Unpooled.wrappedBuffer(d.content()), d.address())))
        .then();
  }

  /**
   * Returns the address the socket is bound to.
   *
   * @return the local address, with the actual port
   */
  public InetSocketAddress localAddress() {
    return (InetSocketAddress) connection.channel().localAddress();
  }

  /**
   * Closes the socket; a subscriber of {@link #receive()} completes.
   *
   * @return a {@code Mono} that closes on subscribe and completes once closed
   */
  public Mono<Void> close() {
    return Mono.defer(
        () -> {
          connection.dispose();
          return connection.onDispose();
        });
  }

  @Override
  public String toString() {
    return "UdpSocket[" + connection.channel().localAddress() + "]";
  }
}
