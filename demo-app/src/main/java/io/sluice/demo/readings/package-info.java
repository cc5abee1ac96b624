/** Readings: bulk ingest over COPY, validation, and streaming queries over HTTP. */
@NullMarked
package io.sluice.demo.readings;

import org.jspecify.annotations.NullMarked;
