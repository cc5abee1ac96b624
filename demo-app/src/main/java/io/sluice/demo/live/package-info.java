/** The live feed: new readings pushed to SSE clients, fed by PostgreSQL LISTEN/NOTIFY. */
@NullMarked
package io.sluice.demo.live;

import org.jspecify.annotations.NullMarked;
