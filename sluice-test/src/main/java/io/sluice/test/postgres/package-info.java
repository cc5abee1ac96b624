/**
 * A real, fresh PostgreSQL database for each JUnit 5 test class, on a local server or an embedded
 * one.
 */
@NullMarked
package io.sluice.test.postgres;

import org.jspecify.annotations.NullMarked;
