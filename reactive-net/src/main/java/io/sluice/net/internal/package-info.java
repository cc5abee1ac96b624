/** Implementation of the network publishers; not an API. */
@NullMarked
package io.sluice.net.internal;

import org.jspecify.annotations.NullMarked;
