/** An HTTP client with streaming bodies, timeouts, retries and server-sent events. */
@NullMarked
package io.sluice.net.http.client;

import org.jspecify.annotations.NullMarked;
