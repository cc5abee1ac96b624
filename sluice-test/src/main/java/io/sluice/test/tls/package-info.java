/** Self-signed keys and certificates for tests of TLS servers and clients. */
@NullMarked
package io.sluice.test.tls;

import org.jspecify.annotations.NullMarked;
