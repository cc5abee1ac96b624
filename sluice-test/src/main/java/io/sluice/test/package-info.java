/** The test kit for code built on Sluice; its parts live in the sub-packages. */
@NullMarked
package io.sluice.test;

import org.jspecify.annotations.NullMarked;
