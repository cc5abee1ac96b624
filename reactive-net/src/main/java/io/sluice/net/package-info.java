/** Event-loop resources shared by Sluice's network servers and clients. */
@NullMarked
package io.sluice.net;

import org.jspecify.annotations.NullMarked;
