/**
 * ArchUnit rules that keep Sluice's modules, and the code using them, out of each other's
 * internals.
 */
@NullMarked
package io.sluice.test.architecture;

import org.jspecify.annotations.NullMarked;
