/** The demo's web page: static assets served from the class path with security headers. */
@NullMarked
package io.sluice.demo.web;

import org.jspecify.annotations.NullMarked;
