package io.sluice.net.http.client;

import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A complete response, read by {@link ClientRequest#exchange()}: status, headers and the whole body
 * (at most {@code maxResponseSize} bytes). Immutable.
 */
public final class ClientResponse {

  private final int status;
  private final HttpHeaders nettyHeaders;
  private final byte[] body;
  private final JsonMapper mapper;
  private volatile @Nullable Map<String, List<String>> headers;

  ClientResponse(int status, HttpHeaders nettyHeaders, byte[] body, JsonMapper mapper) {
    this.status = status;
    this.nettyHeaders = nettyHeaders;
    this.body = body;
    this.mapper = mapper;
  }

  static Map<String, List<String>> copyOf(HttpHeaders nettyHeaders) {
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (Map.Entry<String, String> header : nettyHeaders) {
      headers.computeIfAbsent(header.getKey(), name -> new ArrayList<>()).add(header.getValue());
    }
    headers.replaceAll((name, values) -> List.copyOf(values));
    return Collections.unmodifiableMap(headers);
  }

  /**
   * Returns the status code.
   *
   * @return the status, such as 200
   */
  public int status() {
    return status;
  }

  /**
   * Returns the headers.
   *
   * @return unmodifiable headers, names case-insensitive
   */
  public Map<String, List<String>> headers() {
    Map<String, List<String>> copy = headers;
    if (copy == null) {
      copy = copyOf(nettyHeaders);
      headers = copy;
    }
    return copy;
  }

  /**
   * Returns the first value of a header.
   *
   * @param name the header name, case-insensitive
   * @return the value, or {@code null} if absent
   */
  public @Nullable String header(String name) {
    return nettyHeaders.get(name);
  }

  /**
   * Returns a copy of the body.
   *
   * @return the body bytes
   */
  public byte[] body() {
    return body.clone();
  }

  /**
   * Decodes the body with the charset of its {@code Content-Type}, UTF-8 if none is named.
   *
   * @return the body text
   */
  public String bodyAsString() {
    return new String(body, charset());
  }

  /**
   * Reads the body as JSON with the client's mapper.
   *
   * @param type the class to read
   * @param <T> the result type
   * @return the value, or {@code null} for an empty body
   * @throws tools.jackson.core.JacksonException if the body is not the expected JSON
   */
  public <T> @Nullable T json(Class<T> type) {
    return body.length == 0 ? null : mapper.readValue(body, type);
  }

  /**
   * Reads the body as JSON of a generic type with the client's mapper.
   *
   * @param type the type to read
   * @param <T> the result type
   * @return the value, or {@code null} for an empty body
   * @throws tools.jackson.core.JacksonException if the body is not the expected JSON
   */
  public <T> @Nullable T json(TypeReference<T> type) {
    return body.length == 0 ? null : mapper.readValue(body, type);
  }

  private Charset charset() {
    String type = header("Content-Type");
    if (type != null) {
      int at = type.toLowerCase(java.util.Locale.ROOT).indexOf("charset=");
      if (at >= 0) {
        int end = type.indexOf(';', at);
        String name =
            type.substring(at + 8, end < 0 ? type.length() : end).replace("\"", "").strip();
        try {
          return Charset.forName(name);
        } catch (IllegalArgumentException e) {
          return StandardCharsets.UTF_8;
        }
      }
    }
    return StandardCharsets.UTF_8;
  }

  @Override
  public String toString() {
    return "ClientResponse[status=" + status + ", body=" + body.length + " bytes]";
  }
}
