package io.sluice.db.internal;

import io.sluice.db.DatabaseOptions;

/**
 * What a query needs to run: where (a pooled or a transaction's connection), how (statements and
 * COPY), and the fetch-size bounds.
 *
 * @param executor runs work on a connection
 * @param statements binds and runs statements
 * @param copy runs COPY
 * @param options fetch sizes
 */
public record QueryContext(
    StatementExecutor executor, Statements statements, Copy copy, DatabaseOptions options) {}
