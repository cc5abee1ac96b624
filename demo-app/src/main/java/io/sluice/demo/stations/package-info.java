/**
 * Station summaries: what the database knows about a station, composed with what an upstream
 * station registry says about it, behind a timeout and a circuit breaker.
 */
@NullMarked
package io.sluice.demo.stations;

import org.jspecify.annotations.NullMarked;
