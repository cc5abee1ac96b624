package io.sluice.net.http.client;

import java.nio.ByteBuffer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import tools.jackson.databind.json.JsonMapper;

/**
 * The body of a request: either bytes made when the request is sent (with a known length and a
 * default content type), or a stream of chunks sent with chunked transfer encoding.
 */
record RequestBody(
    @Nullable String defaultContentType,
    @Nullable Function<JsonMapper, byte[]> fixed,
    @Nullable Publisher<ByteBuffer> stream) {

  static RequestBody fixed(String contentType, Function<JsonMapper, byte[]> bytes) {
    return new RequestBody(contentType, bytes, null);
  }

  static RequestBody streamed(Publisher<ByteBuffer> chunks) {
    return new RequestBody(null, null, chunks);
  }
}
