package io.sluice.test.netty;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Tells BlockHound about the short locks of Netty 4.2's default allocator, so tests that run it
 * under load do not fail on them.
 *
 * <p>{@code AdaptivePoolingAllocator} grows a group of magazines under contention and frees the
 * magazines it replaced, taking each one's {@code StampedLock} write lock; a thread that allocates
 * from that magazine at the same instant holds the lock for a few instructions and the grower may
 * park for as long. That is synchronisation, not I/O or sleeping, and Netty's own integration does
 * not list it yet (Armeria allows it the same way). Registered through {@code META-INF/services}:
 * every test JVM with {@code sluice-test} on its class path gets it.
 */
public final class NettyAllocatorBlockHoundIntegration implements BlockHoundIntegration {

  /** Created by BlockHound's service loader. */
  public NettyAllocatorBlockHoundIntegration() {}

  @Override
  public void applyTo(BlockHound.Builder builder) {
    builder.allowBlockingCallsInside(
        "io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup", "tryExpandMagazines");
    builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$Magazine", "free");
  }
}
