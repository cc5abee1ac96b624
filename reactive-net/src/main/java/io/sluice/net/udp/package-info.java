/** UDP datagrams sent and received as publishers. */
@NullMarked
package io.sluice.net.udp;

import org.jspecify.annotations.NullMarked;
