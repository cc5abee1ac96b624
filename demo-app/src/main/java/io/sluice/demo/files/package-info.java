/**
 * File imports and exports: an inbox directory watched for CSV and NDJSON files, imported once per
 * content checksum, and query exports written as gzip NDJSON files served with {@code Range}.
 */
@NullMarked
package io.sluice.demo.files;

import org.jspecify.annotations.NullMarked;
