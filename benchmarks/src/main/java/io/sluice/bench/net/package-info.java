/** Throughput of Sluice's HTTP server against a bare Reactor Netty server. */
@NullMarked
package io.sluice.bench.net;

import org.jspecify.annotations.NullMarked;
