package io.sluice.net;

import java.time.Duration;
import java.util.Objects;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

/**
 * A set of event-loop threads that Sluice servers and clients run their connections on.
 *
 * <p>Event loops are an explicit resource: create one {@code EventLoops}, hand it to as many
 * servers and clients as should share its threads, and dispose of it when they are all gone. A
 * server or client never disposes of the loops it was given.
 *
 * <p>Uses the native epoll transport when {@linkplain Builder#preferNative(boolean) preferred} and
 * available on the platform (epoll on Linux x86_64), otherwise Java NIO; {@link #isNative()} tells
 * which.
 *
 * <pre>{@code
 * EventLoops loops = EventLoops.builder().loops(4).build();
 * // ... HttpServer.create().eventLoops(loops) ...
 * loops.disposeLater().block();
 * }</pre>
 */
public final class EventLoops implements Disposable {

  /** The default thread-name prefix, {@code "sluice"}. */
  public static final String DEFAULT_THREAD_NAME_PREFIX = "sluice";

  private final int loops;
  private final boolean nativeTransport;
  private final String threadNamePrefix;
  private final LoopResources resources;

  private EventLoops(Builder builder) {
    this.loops = builder.loops;
    this.nativeTransport = builder.preferNative && LoopResources.hasNativeSupport();
    this.threadNamePrefix = builder.threadNamePrefix;
    this.resources = LoopResources.create(threadNamePrefix, 1, loops, builder.daemon, false);
  }

  /**
   * Creates event loops with the defaults: one loop per available processor, native transport when
   * available, daemon threads named {@code sluice-...}.
   *
   * @return new event loops; the caller disposes of them
   */
  public static EventLoops create() {
    return builder().build();
  }

  /**
   * Returns a builder starting from the defaults of {@link #create()}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the number of event-loop threads serving connections.
   *
   * @return the loop count, at least 1
   */
  public int loops() {
    return loops;
  }

  /**
   * Returns whether connections use the native epoll transport rather than Java NIO.
   *
   * @return {@code true} when native epoll is used
   */
  public boolean isNative() {
    return nativeTransport;
  }

  /**
   * Returns the prefix of the event-loop thread names.
   *
   * @return the thread-name prefix
   */
  public String threadNamePrefix() {
    return threadNamePrefix;
  }

  /**
   * Returns these loops as Reactor Netty resources, for code that configures Reactor Netty directly
   * ({@code HttpServer.runOn(loops.loopResources(), loops.isNative())}). Disposing of them disposes
   * of these loops.
   *
   * @return the underlying loop resources
   */
  public LoopResources loopResources() {
    return resources;
  }

  /** Starts shutting the loops down without waiting. Connections still open on them are closed. */
  @Override
  public void dispose() {
    resources.dispose();
  }

  @Override
  public boolean isDisposed() {
    return resources.isDisposed();
  }

  /**
   * Shuts the loops down: emits nothing and completes once every loop thread has stopped.
   *
   * <p>Defaults: a quiet period of 0 and a timeout of 2 seconds.
   *
   * @return a {@code Mono} that shuts down on subscribe
   */
  public Mono<Void> disposeLater() {
    return disposeLater(Duration.ZERO, Duration.ofSeconds(2));
  }

  /**
   * Shuts the loops down, letting tasks submitted during the quiet period run.
   *
   * @param quietPeriod how long to wait for new tasks before stopping, not negative
   * @param timeout the longest time to wait in total, not shorter than {@code quietPeriod}
   * @return a {@code Mono} that shuts down on subscribe and completes once every thread stopped
   * @throws IllegalArgumentException if a duration is negative or {@code timeout < quietPeriod}
   */
  public Mono<Void> disposeLater(Duration quietPeriod, Duration timeout) {
    Objects.requireNonNull(quietPeriod, "quietPeriod");
    Objects.requireNonNull(timeout, "timeout");
    if (quietPeriod.isNegative() || timeout.compareTo(quietPeriod) < 0) {
      throw new IllegalArgumentException(
          "quietPeriod must not be negative and timeout not shorter than it, but quietPeriod="
              + quietPeriod
              + " and timeout="
              + timeout);
    }
    return resources.disposeLater(quietPeriod, timeout);
  }

  @Override
  public String toString() {
    return "EventLoops[loops="
        + loops
        + ", native="
        + nativeTransport
        + ", threadNamePrefix="
        + threadNamePrefix
        + "]";
  }

  /** Builds {@link EventLoops}; each setter validates its argument. */
  public static final class Builder {

    private int loops = Runtime.getRuntime().availableProcessors();
    private boolean preferNative = true;
    private boolean daemon = true;
    private String threadNamePrefix = DEFAULT_THREAD_NAME_PREFIX;

    private Builder() {}

    /**
     * Sets the number of event-loop threads serving connections.
     *
     * <p>Default: the number of available processors.
     *
     * @param loops at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code loops < 1}
     */
    public Builder loops(int loops) {
      if (loops < 1) {
        throw new IllegalArgumentException("loops must be at least 1, but was " + loops);
      }
      this.loops = loops;
      return this;
    }

    /**
     * Sets whether to use the native epoll transport when the platform has it.
     *
     * <p>Default: {@code true}. With {@code false}, or where epoll is unavailable, Java NIO is
     * used.
     *
     * @param preferNative whether to prefer the native transport
     * @return this builder
     */
    public Builder preferNative(boolean preferNative) {
      this.preferNative = preferNative;
      return this;
    }

    /**
     * Sets whether the loop threads are daemon threads (which do not keep the JVM alive).
     *
     * <p>Default: {@code true}.
     *
     * @param daemon whether the threads are daemons
     * @return this builder
     */
    public Builder daemon(boolean daemon) {
      this.daemon = daemon;
      return this;
    }

    /**
     * Sets the prefix of the loop thread names.
     *
     * <p>Default: {@value EventLoops#DEFAULT_THREAD_NAME_PREFIX}.
     *
     * @param threadNamePrefix a non-blank prefix
     * @return this builder
     * @throws IllegalArgumentException if the prefix is blank
     */
    public Builder threadNamePrefix(String threadNamePrefix) {
      Objects.requireNonNull(threadNamePrefix, "threadNamePrefix");
      if (threadNamePrefix.isBlank()) {
        throw new IllegalArgumentException(
            "threadNamePrefix must not be blank, but was '" + threadNamePrefix + "'");
      }
      this.threadNamePrefix = threadNamePrefix;
      return this;
    }

    /**
     * Creates the loops. Threads start lazily, when the first connection needs them.
     *
     * @return new event loops; the caller disposes of them
     */
    public EventLoops build() {
      return new EventLoops(this);
    }
  }
}
