package io.sluice.net.http;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import org.reactivestreams.Publisher;

/** What a {@link ServerResponse} carries; the server writes each kind its own way. */
sealed interface ResponseBody {

  /** No body. */
  record Empty() implements ResponseBody {}

  /** A body known in full, sent with {@code Content-Length}; never compared. */
  @SuppressWarnings("ArrayRecordComponent")
  record Bytes(byte[] bytes) implements ResponseBody {}

  /** A value serialized to JSON by the server's mapper. */
  record Json(Object value) implements ResponseBody {}

  /** Chunks written as they come, chunked transfer encoding. */
  record Chunks(Publisher<ByteBuffer> chunks) implements ResponseBody {}

  /** Elements serialized one JSON document per line. */
  record Ndjson(Publisher<?> elements) implements ResponseBody {}

  /** Elements serialized as one JSON array, written element by element. */
  record JsonArray(Publisher<?> elements) implements ResponseBody {}

  /** Server-sent events, with heartbeat comments while no event is sent. */
  record Sse(Publisher<SseEvent> events, Duration heartbeat) implements ResponseBody {}

  /** A file, with ranges and validators. */
  record File(Path path) implements ResponseBody {}
}
