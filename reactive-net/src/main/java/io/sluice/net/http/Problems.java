package io.sluice.net.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** Renders {@link ProblemException}s as RFC 9457 {@code application/problem+json} responses. */
final class Problems {

  static final String MEDIA_TYPE = "application/problem+json";
  static final Set<String> STANDARD_MEMBERS =
      Set.of("type", "title", "status", "detail", "instance");

  private Problems() {}

  static ServerResponse render(ProblemException problem, String instance, JsonMapper mapper) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("type", "about:blank");
    document.put("title", HttpResponseStatus.valueOf(problem.status()).reasonPhrase());
    document.put("status", problem.status());
    document.put("detail", problem.detail());
    document.put("instance", instance);
    document.putAll(problem.members());
    byte[] bytes;
    try {
      bytes = mapper.writeValueAsBytes(document);
    } catch (JacksonException e) {
      document.keySet().retainAll(STANDARD_MEMBERS);
      bytes = mapper.writeValueAsBytes(document);
    }
    return ServerResponse.bytes(bytes, MEDIA_TYPE).withStatus(problem.status());
  }
}
