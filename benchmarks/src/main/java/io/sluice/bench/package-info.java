/** Benchmarks of Sluice against plain baselines; never deployed. */
@NullMarked
package io.sluice.bench;

import org.jspecify.annotations.NullMarked;
