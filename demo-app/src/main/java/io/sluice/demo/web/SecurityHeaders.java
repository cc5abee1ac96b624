package io.sluice.demo.web;

import io.sluice.net.http.RequestHandler;
import io.sluice.net.http.ServerResponse;
import java.util.Objects;

/**
 * The headers that keep the page safe to show: a Content-Security-Policy allowing only the app's
 * own scripts, styles and connections (no inline script or style, no framing), {@code
 * X-Content-Type-Options: nosniff}, {@code X-Frame-Options: DENY} for browsers without {@code
 * frame-ancestors}, and {@code Referrer-Policy: no-referrer}.
 */
public final class SecurityHeaders {

  /** The Content-Security-Policy of every page and asset. */
  public static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private SecurityHeaders() {}

  /**
   * Returns a copy of the response with the security headers.
   *
   * @param response the response
   * @return the response with the headers set, replacing any it had
   */
  public static ServerResponse apply(ServerResponse response) {
    Objects.requireNonNull(response, "response");
    return response
        .withHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .withHeader("X-Content-Type-Options", "nosniff")
        .withHeader("X-Frame-Options", "DENY")
        .withHeader("Referrer-Policy", "no-referrer");
  }

  /**
   * Wraps a handler so that its responses carry the security headers. Problem responses from errors
   * the handler signals are written by the server and do not pass through here.
   *
   * @param handler the handler
   * @return the wrapped handler
   */
  public static RequestHandler protect(RequestHandler handler) {
    Objects.requireNonNull(handler, "handler");
    return request -> handler.handle(request).map(SecurityHeaders::apply);
  }
}
