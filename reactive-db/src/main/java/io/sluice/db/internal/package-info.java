/** Implementation of the database client; not an API. */
@NullMarked
package io.sluice.db.internal;

import org.jspecify.annotations.NullMarked;
