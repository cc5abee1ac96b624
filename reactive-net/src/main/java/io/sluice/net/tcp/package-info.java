/** TCP servers and clients as framed duplex streams. */
@NullMarked
package io.sluice.net.tcp;

import org.jspecify.annotations.NullMarked;
