/** Operations: health, readiness, metrics, bearer-token guard and the structured request log. */
@NullMarked
package io.sluice.demo.ops;

import org.jspecify.annotations.NullMarked;
