package io.sluice.net.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/** Finds the route for a method and decoded path, or tells why there is none. */
final class Router {

  private final List<Route> routes;

  Router(Routes routes) {
    List<Route> sorted = new ArrayList<>(routes.routes());
    sorted.sort(Comparator.comparing(Route::template));
    this.routes = List.copyOf(sorted);
  }

  /** The outcome of routing a request. */
  sealed interface Result {}

  /** A route answers the request. */
  record Found(Route route, Map<String, String> parameters, List<String> segments)
      implements Result {}

  /** Routes exist for the path, but not for the method. */
  record MethodNotAllowed(String allow) implements Result {}

  /** No route has the path. */
  record NotFound() implements Result {}

  private static final Result NOT_FOUND = new NotFound();

  Result route(String method, List<String> segments) {
    Found get = null;
    TreeSet<String> allowed = null;
    for (Route route : routes) {
      Map<String, String> parameters = route.template().match(segments);
      if (parameters == null) {
        continue;
      }
      if (route.method().equals(method)) {
        return new Found(route, parameters, segments);
      }
      if (get == null && method.equals("HEAD") && route.method().equals("GET")) {
        get = new Found(route, parameters, segments);
      }
      if (allowed == null) {
        allowed = new TreeSet<>();
      }
      allowed.add(route.method());
    }
    if (get != null) {
      return get;
    }
    if (allowed == null) {
      return NOT_FOUND;
    }
    if (allowed.contains("GET")) {
      allowed.add("HEAD");
    }
    allowed.add("OPTIONS");
    return new MethodNotAllowed(String.join(", ", allowed));
  }

  static @Nullable String allowOf(Result result) {
    return result instanceof MethodNotAllowed notAllowed ? notAllowed.allow() : null;
  }
}
