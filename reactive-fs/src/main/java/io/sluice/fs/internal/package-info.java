/** Implementation of the file-system publishers; not an API. */
@NullMarked
package io.sluice.fs.internal;

import org.jspecify.annotations.NullMarked;
