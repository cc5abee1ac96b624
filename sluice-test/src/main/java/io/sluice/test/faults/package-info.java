/** A TCP proxy for loopback tests that delays, throttles, cuts, black-holes or refuses traffic. */
@NullMarked
package io.sluice.test.faults;

import org.jspecify.annotations.NullMarked;
