/**
 * Netty buffer-leak detection that fails the test class in which a leak is reported, and what
 * BlockHound must know about Netty.
 */
@NullMarked
package io.sluice.test.netty;

import org.jspecify.annotations.NullMarked;
