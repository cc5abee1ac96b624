/** Benchmarks of reactive-fs reads against blocking JDK loops. */
@NullMarked
package io.sluice.bench.fs;

import org.jspecify.annotations.NullMarked;
