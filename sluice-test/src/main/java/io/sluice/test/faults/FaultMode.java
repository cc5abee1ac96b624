package io.sluice.test.faults;

/** What a {@link FaultProxy} does with traffic; set with the proxy's methods of the same names. */
public enum FaultMode {
  /** Forwards every byte at once, both ways. */
  PASS,
  /** Holds each chunk for a fixed time before forwarding it. */
  DELAY,
  /** Forwards at most a fixed number of bytes per second, each way, per connection. */
  THROTTLE,
  /** Accepts new connections but never connects them to the target; their bytes are dropped. */
  BLACK_HOLE,
  /** Closes the listening socket, so new connections are refused. */
  REFUSE
}
