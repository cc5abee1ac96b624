package io.sluice.net.http;

import io.sluice.net.internal.ServerFileRoot;
import io.sluice.net.ws.WebSocketHandler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An immutable route table: which handler answers which method and path template. Each method
 * returns a new table with one more route.
 *
 * <pre>{@code
 * Routes routes = Routes.create()
 *     .get("/orders/{id}", request -> orders.find(request.pathParam("id")).map(ServerResponse::json))
 *     .post("/orders", request -> request.bodyJson(Order.class).flatMap(orders::save).map(ServerResponse::json))
 *     .files("/static", Path.of("public"))
 *     .websocket("/live", session -> session.send(session.receive()));
 * }</pre>
 *
 * <p>Templates: literal segments, {@code {name}} for one non-empty segment, a last {@code {*name}}
 * for the rest of the path (possibly empty). Parameters are percent-decoded. When several templates
 * match, the most specific wins (literal over {@code {name}} over {@code {*name}}, segment by
 * segment). A path that no template matches is answered {@code 404}; a path matched only for other
 * methods {@code 405} with {@code Allow}. {@code HEAD} is answered by the {@code GET} route
 * (without a body) unless a {@code HEAD} route exists; {@code OPTIONS} by {@code 204} with {@code
 * Allow} unless an {@code OPTIONS} route exists.
 */
public final class Routes {

  private final List<Route> routes;

  private Routes(List<Route> routes) {
    this.routes = routes;
  }

  /**
   * Returns an empty route table.
   *
   * @return a table without routes
   */
  public static Routes create() {
    return new Routes(List.of());
  }

  /**
   * Adds a {@code GET} route.
   *
   * @param template the path template
   * @param handler the handler
   * @return a new table
   * @throws IllegalArgumentException if the template is malformed or already routed for GET
   */
  public Routes get(String template, RequestHandler handler) {
    return route("GET", template, handler);
  }

  /**
   * Adds a {@code POST} route.
   *
   * @param template the path template
   * @param handler the handler
   * @return a new table
   * @throws IllegalArgumentException if the template is malformed or already routed for POST
   */
  public Routes post(String template, RequestHandler handler) {
    return route("POST", template, handler);
  }

  /**
   * Adds a {@code PUT} route.
   *
   * @param template the path template
   * @param handler the handler
   * @return a new table
   * @throws IllegalArgumentException if the template is malformed or already routed for PUT
   */
  public Routes put(String template, RequestHandler handler) {
    return route("PUT", template, handler);
  }

  /**
   * Adds a {@code PATCH} route.
   *
   * @param template the path template
   * @param handler the handler
   * @return a new table
   * @throws IllegalArgumentException if the template is malformed or already routed for PATCH
   */
  public Routes patch(String template, RequestHandler handler) {
    return route("PATCH", template, handler);
  }

  /**
   * Adds a {@code DELETE} route.
   *
   * @param template the path template
   * @param handler the handler
   * @return a new table
   * @throws IllegalArgumentException if the template is malformed or already routed for DELETE
   */
  public Routes delete(String template, RequestHandler handler) {
    return route("DELETE", template, handler);
  }

  /**
   * Adds a route for any method.
   *
   * @param method the method, a token such as {@code GET} (upper-cased)
   * @param template the path template
   * @param handler the handler
   * @return a new table
   * @throws IllegalArgumentException if the method or template is malformed, or the pair is already
   *     routed
   */
  public Routes route(String method, String template, RequestHandler handler) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(template, "template");
    Objects.requireNonNull(handler, "handler");
    String upper = method.toUpperCase(Locale.ROOT);
    if (!upper.matches("[A-Z][A-Z0-9_-]*")) {
      throw new IllegalArgumentException("method must be an HTTP token, but was '" + method + "'");
    }
    return add(new Route(upper, PathTemplate.parse(template), handler, null));
  }

  /**
   * Serves the files below a root directory under a path prefix: {@code GET prefix/a/b.txt} sends
   * {@code root/a/b.txt} as {@link ServerResponse#file(Path)} does (ETag, Range, {@code 304}/{@code
   * 206}/{@code 416}).
   *
   * <p>Never serves anything outside the root: requests with {@code .} or {@code ..} segments (also
   * percent-encoded), encoded separators, empty segments, or symbolic links leading out of the root
   * are answered {@code 404}, as are directories and missing files. File-system checks run on the
   * server's blocking scheduler.
   *
   * @param prefix the path prefix, {@code /} for all paths
   * @param root the directory to serve
   * @return a new table
   * @throws IllegalArgumentException if the prefix is malformed or holds parameters
   */
  public Routes files(String prefix, Path root) {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(root, "root");
    if (prefix.indexOf('{') >= 0) {
      throw new IllegalArgumentException(
          "prefix must not hold parameters, but was '" + prefix + "'");
    }
    String base = prefix.endsWith("/") ? prefix : prefix + "/";
    ServerFileRoot fileRoot = new ServerFileRoot(root);
    RequestHandler handler = request -> ((NettyServerRequest) request).serveFromRoot(fileRoot);
    return add(new Route("GET", PathTemplate.parse(base + "{*path}"), handler, null));
  }

  /**
   * Adds a WebSocket endpoint: a {@code GET} upgrade request on the template opens a session
   * handled by {@code handler}; a plain request there is answered {@code 426 Upgrade Required}.
   *
   * @param template the path template
   * @param handler the session handler
   * @return a new table
   * @throws IllegalArgumentException if the template is malformed or already routed for GET
   */
  public Routes websocket(String template, WebSocketHandler handler) {
    Objects.requireNonNull(template, "template");
    Objects.requireNonNull(handler, "handler");
    return add(new Route("GET", PathTemplate.parse(template), null, handler));
  }

  /**
   * Sets the body limit of the routes already in the table for {@code template}, every method, in
   * place of the server's {@code maxBodySize}: {@code .post("/uploads",
   * upload).maxBodySize("/uploads", 4L << 30)}. Past it the body fails with {@code 413}; a declared
   * {@code Content-Length} over it is answered {@code 413} before the handler runs, without reading
   * the body.
   *
   * <p>Default: the server's {@code maxBodySize}.
   *
   * @param template a template routed earlier in this table, exactly as given then
   * @param bytes the largest body, in bytes, not negative
   * @return a new table
   * @throws IllegalArgumentException if {@code bytes} is negative or no route has the template
   */
  public Routes maxBodySize(String template, long bytes) {
    Objects.requireNonNull(template, "template");
    if (bytes < 0) {
      throw new IllegalArgumentException("maxBodySize must not be negative, but was " + bytes);
    }
    PathTemplate parsed = PathTemplate.parse(template);
    List<Route> copy = new ArrayList<>(routes.size());
    boolean found = false;
    for (Route route : routes) {
      if (route.template().equals(parsed)) {
        copy.add(route.withMaxBodySize(bytes));
        found = true;
      } else {
        copy.add(route);
      }
    }
    if (!found) {
      throw new IllegalArgumentException(
          "No route has the template '" + template + "'; add the route before its maxBodySize");
    }
    return new Routes(List.copyOf(copy));
  }

  List<Route> routes() {
    return routes;
  }

  private Routes add(Route route) {
    for (Route existing : routes) {
      if (existing.method().equals(route.method())
          && existing.template().equals(route.template())) {
        throw new IllegalArgumentException(
            route.method() + " " + route.template() + " is already routed");
      }
    }
    List<Route> copy = new ArrayList<>(routes);
    copy.add(route);
    return new Routes(List.copyOf(copy));
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("Routes[");
    for (Route route : routes) {
      out.append(route.method()).append(' ').append(route.template()).append(", ");
    }
    return out.append(']').toString().replace(", ]", "]");
  }
}
