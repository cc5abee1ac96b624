/**
 * Load tools that hold many connections against the demo app: slow readers sharing a small pool,
 * and ten thousand concurrent connections on two event loops; each run by a script in {@code
 * benchmarks/}.
 */
@NullMarked
package io.sluice.bench.load;

import org.jspecify.annotations.NullMarked;
