/** Netty buffer-leak detection that fails the test class in which a leak is reported. */
@NullMarked
package io.sluice.test.netty;

import org.jspecify.annotations.NullMarked;
