/**
 * Framing and encoding transformers that turn any Flux of byte chunks into lines, records or
 * objects, and back.
 */
@NullMarked
package io.sluice.codec;

import org.jspecify.annotations.NullMarked;
