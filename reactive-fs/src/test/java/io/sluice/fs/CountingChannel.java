package io.sluice.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** A real channel that counts the bytes read through it and records when it is closed. */
final class CountingChannel implements SeekableByteChannel {

  private final SeekableByteChannel delegate;
  private final AtomicLong bytesRead = new AtomicLong();
  private final AtomicLong reads = new AtomicLong();
  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile String readThread = "";
  private volatile String closeThread = "";

  CountingChannel(SeekableByteChannel delegate) {
    this.delegate = delegate;
  }

  long bytesRead() {
    return bytesRead.get();
  }

  long reads() {
    return reads.get();
  }

  String readThread() {
    return readThread;
  }

  String closeThread() {
    return closeThread;
  }

  boolean isClosed() {
    return closed.getCount() == 0;
  }

  boolean awaitClosed() throws InterruptedException {
    return closed.await(10, TimeUnit.SECONDS);
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    readThread = Thread.currentThread().getName();
    int read = delegate.read(dst);
    reads.incrementAndGet();
    if (read > 0) {
      bytesRead.addAndGet(read);
    }
    return read;
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    return delegate.write(src);
  }

  @Override
  public long position() throws IOException {
    return delegate.position();
  }

  @Override
  public SeekableByteChannel position(long newPosition) throws IOException {
    delegate.position(newPosition);
    return this;
  }

  @Override
  public long size() throws IOException {
    return delegate.size();
  }

  @Override
  public SeekableByteChannel truncate(long size) throws IOException {
    delegate.truncate(size);
    return this;
  }

  @Override
  public boolean isOpen() {
    return delegate.isOpen();
  }

  @Override
  public void close() throws IOException {
    closeThread = Thread.currentThread().getName();
    delegate.close();
    closed.countDown();
  }
}
