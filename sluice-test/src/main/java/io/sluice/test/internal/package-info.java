/** Internals of the test kit; not an API. */
@NullMarked
package io.sluice.test.internal;

import org.jspecify.annotations.NullMarked;
