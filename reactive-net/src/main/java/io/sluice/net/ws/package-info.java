/** WebSocket servers and clients as streams of messages. */
@NullMarked
package io.sluice.net.ws;

import org.jspecify.annotations.NullMarked;
