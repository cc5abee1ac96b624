/**
 * PostgreSQL as demand-driven publishers: a pooled client, staged queries, transactions,
 * LISTEN/NOTIFY and COPY.
 */
@NullMarked
package io.sluice.db;

import org.jspecify.annotations.NullMarked;
