package io.sluice.bench.contract;

/** The {@code /ingest} reply, {@code {"inserted":N}}. */
record Inserted(long inserted) {}
