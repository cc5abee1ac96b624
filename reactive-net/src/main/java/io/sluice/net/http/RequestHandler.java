package io.sluice.net.http;

import reactor.core.publisher.Mono;

/**
 * Handles one HTTP request: returns the response to send, whose body may itself be a stream.
 *
 * <p>The returned {@code Mono} is subscribed once per request on the connection's event loop; it
 * must not block. An error it signals becomes a problem response: a {@link ProblemException} with
 * its status, anything else a {@code 500} whose detail says nothing about the cause (the cause is
 * logged). An empty {@code Mono} is a {@code 500} as well.
 */
@FunctionalInterface
public interface RequestHandler {

  /**
   * Handles a request.
   *
   * @param request the request; its body can be consumed once
   * @return the response, emitted once its status and headers are known
   */
  Mono<ServerResponse> handle(ServerRequest request);
}
