/**
 * Files and directories as demand-driven publishers: reads, lines, writes, tail, watch and walk.
 */
@NullMarked
package io.sluice.fs;

import org.jspecify.annotations.NullMarked;
