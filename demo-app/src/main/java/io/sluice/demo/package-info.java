/** The Sluice demo: a telemetry hub composing reactive-net, reactive-fs and reactive-db. */
@NullMarked
package io.sluice.demo;

import org.jspecify.annotations.NullMarked;
