/**
 * The HTTP benchmark contract (plaintext, json, db, queries, updates, fortunes, stream, ingest):
 * the plain baseline servers that implement it and the checker that holds every server to it.
 */
@NullMarked
package io.sluice.bench.contract;

import org.jspecify.annotations.NullMarked;
