/** An HTTP server with routing, streaming bodies and problem responses. */
@NullMarked
package io.sluice.net.http;

import org.jspecify.annotations.NullMarked;
