/** Benchmarks of reactive-db against pgjdbc with HikariCP on platform threads. */
@NullMarked
package io.sluice.bench.db;

import org.jspecify.annotations.NullMarked;
