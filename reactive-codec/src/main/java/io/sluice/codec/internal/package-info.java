/** Implementation of the codecs; not an API. */
@NullMarked
package io.sluice.codec.internal;

import org.jspecify.annotations.NullMarked;
