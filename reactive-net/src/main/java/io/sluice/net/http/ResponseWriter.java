package io.sluice.net.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.sluice.net.internal.ServerByteRange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.json.JsonMapper;

/** Writes a {@link ServerResponse} to a Reactor Netty response, each body kind its own way. */
final class ResponseWriter {

  private static final byte[] NEWLINE = {'\n'};
  private static final byte[] HEARTBEAT = ":heartbeat\n\n".getBytes(StandardCharsets.US_ASCII);
  private static final Map<String, String> MEDIA_TYPES =
      Map.ofEntries(
          Map.entry("html", "text/html; charset=utf-8"),
          Map.entry("htm", "text/html; charset=utf-8"),
          Map.entry("txt", "text/plain; charset=utf-8"),
          Map.entry("css", "text/css; charset=utf-8"),
          Map.entry("csv", "text/csv; charset=utf-8"),
          Map.entry("js", "text/javascript; charset=utf-8"),
          Map.entry("mjs", "text/javascript; charset=utf-8"),
          Map.entry("json", "application/json"),
          Map.entry("ndjson", "application/x-ndjson"),
          Map.entry("xml", "application/xml"),
          Map.entry("pdf", "application/pdf"),
          Map.entry("zip", "application/zip"),
          Map.entry("gz", "application/gzip"),
          Map.entry("wasm", "application/wasm"),
          Map.entry("png", "image/png"),
          Map.entry("jpg", "image/jpeg"),
          Map.entry("jpeg", "image/jpeg"),
          Map.entry("gif", "image/gif"),
          Map.entry("svg", "image/svg+xml"),
          Map.entry("webp", "image/webp"),
          Map.entry("ico", "image/x-icon"),
          Map.entry("woff2", "font/woff2"),
          Map.entry("mp4", "video/mp4"));

  private final ServerSettings settings;

  ResponseWriter(ServerSettings settings) {
    this.settings = settings;
  }

  Mono<Void> write(
      NettyServerRequest request,
      HttpServerResponse res,
      ServerResponse response,
      AtomicLong bytesSent) {
    res.status(response.status());
    // Dated when the response is written, not when the request arrived: a handler that takes
    // seconds (a long query) must not send a stale Date.
    res.header(HttpHeaderNames.DATE, settings.date().now());
    for (Map.Entry<String, String> header : response.headers()) {
      res.header(header.getKey(), header.getValue());
    }
    boolean head = request.method().equals("HEAD");
    JsonMapper mapper = settings.jsonMapper();
    ResponseBody body = response.body();
    if (body instanceof ResponseBody.Empty) {
      bytesSent.set(0);
      return res.send().then();
    }
    if (body instanceof ResponseBody.Bytes bytes) {
      return fixed(res, bytes.bytes(), head, bytesSent);
    }
    if (body instanceof ResponseBody.Json json) {
      return fixed(res, mapper.writeValueAsBytes(json.value()), head, bytesSent);
    }
    if (body instanceof ResponseBody.File file) {
      return file(request, res, file.path(), bytesSent);
    }
    if (head) {
      bytesSent.set(0);
      return res.send().then();
    }
    if (body instanceof ResponseBody.Chunks chunks) {
      return res.send(Flux.from(chunks.chunks()).map(chunk -> counted(chunk, bytesSent))).then();
    }
    if (body instanceof ResponseBody.Ndjson ndjson) {
      return res.send(
              Flux.from(ndjson.elements())
                  .map(
                      element -> {
                        byte[] json = mapper.writeValueAsBytes(element);
                        bytesSent.addAndGet(json.length + 1L);
                        return Unpooled.wrappedBuffer(json, NEWLINE);
                      }))
          .then();
    }
    if (body instanceof ResponseBody.JsonArray array) {
      return res.send(jsonArray(array, mapper, bytesSent)).then();
    }
    ResponseBody.Sse sse = (ResponseBody.Sse) body;
    return res.send(sse(sse, bytesSent), buf -> true).then();
  }

  private static Mono<Void> fixed(
      HttpServerResponse res, byte[] bytes, boolean head, AtomicLong bytesSent) {
    res.header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(bytes.length));
    if (head) {
      bytesSent.set(0);
      return res.send().then();
    }
    bytesSent.set(bytes.length);
    return res.send(Mono.just(Unpooled.wrappedBuffer(bytes))).then();
  }

  private static ByteBuf counted(java.nio.ByteBuffer chunk, AtomicLong bytesSent) {
    bytesSent.addAndGet(chunk.remaining());
    return Unpooled.wrappedBuffer(chunk);
  }

  private static Flux<ByteBuf> jsonArray(
      ResponseBody.JsonArray array, JsonMapper mapper, AtomicLong bytesSent) {
    return Flux.defer(
        () -> {
          boolean[] first = {true};
          return Flux.from(array.elements())
              .map(
                  element -> {
                    byte[] json = mapper.writeValueAsBytes(element);
                    byte[] separator = {(byte) (first[0] ? '[' : ',')};
                    first[0] = false;
                    bytesSent.addAndGet(json.length + 1L);
                    return Unpooled.wrappedBuffer(separator, json);
                  })
              .concatWith(
                  Mono.fromSupplier(
                      () -> {
                        byte[] end = first[0] ? new byte[] {'[', ']'} : new byte[] {']'};
                        bytesSent.addAndGet(end.length);
                        return Unpooled.wrappedBuffer(end);
                      }));
        });
  }

  private static Flux<ByteBuf> sse(ResponseBody.Sse sse, AtomicLong bytesSent) {
    return Flux.defer(
        () -> {
          Flux<ByteBuf> events =
              Flux.from(sse.events())
                  .map(
                      event -> {
                        byte[] encoded = event.encode().getBytes(StandardCharsets.UTF_8);
                        bytesSent.addAndGet(encoded.length);
                        return Unpooled.wrappedBuffer(encoded);
                      });
          if (sse.heartbeat().isZero()) {
            return events;
          }
          Sinks.Empty<Void> done = Sinks.empty();
          Flux<ByteBuf> heartbeats =
              Flux.interval(sse.heartbeat(), sse.heartbeat(), Schedulers.parallel())
                  .onBackpressureDrop()
                  .map(
                      tick -> {
                        bytesSent.addAndGet(HEARTBEAT.length);
                        return Unpooled.wrappedBuffer(HEARTBEAT);
                      })
                  .takeUntilOther(done.asMono());
          return Flux.merge(events.doFinally(signal -> done.tryEmitEmpty()), heartbeats);
        });
  }

  private Mono<Void> file(
      NettyServerRequest request, HttpServerResponse res, Path path, AtomicLong bytesSent) {
    return Mono.fromCallable(() -> FileInfo.of(path))
        .subscribeOn(settings.blockingScheduler())
        .flatMap(
            found -> {
              if (found.isEmpty()) {
                return Mono.error(new ProblemException(404, "No file at " + request.path()));
              }
              FileInfo info = found.get();
              res.header(HttpHeaderNames.ETAG, info.etag());
              res.header(HttpHeaderNames.LAST_MODIFIED, info.lastModified());
              res.header(HttpHeaderNames.ACCEPT_RANGES, "bytes");
              if (!res.responseHeaders().contains(HttpHeaderNames.CONTENT_TYPE)) {
                res.header(HttpHeaderNames.CONTENT_TYPE, mediaType(path));
              }
              String ifNoneMatch = request.header("if-none-match");
              if (ifNoneMatch != null && matches(ifNoneMatch, info.etag())) {
                res.status(HttpResponseStatus.NOT_MODIFIED);
                res.responseHeaders().remove(HttpHeaderNames.CONTENT_TYPE);
                bytesSent.set(0);
                return res.send().then();
              }
              long size = info.size();
              String rangeHeader = request.header("range");
              String ifRange = request.header("if-range");
              if (ifRange != null && !ifRange.strip().equals(info.etag())) {
                rangeHeader = null;
              }
              long position = 0;
              long length = size;
              ServerByteRange range =
                  rangeHeader == null ? null : ServerByteRange.parse(rangeHeader, size);
              switch (ServerByteRange.classify(rangeHeader, size)) {
                case UNSATISFIABLE -> {
                  res.status(HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE);
                  res.header(HttpHeaderNames.CONTENT_RANGE, "bytes */" + size);
                  res.responseHeaders().remove(HttpHeaderNames.CONTENT_TYPE);
                  bytesSent.set(0);
                  return res.send().then();
                }
                case PARTIAL -> {
                  if (range == null) {
                    throw new IllegalStateException("a partial outcome without a range");
                  }
                  position = range.first();
                  length = range.length();
                  res.status(HttpResponseStatus.PARTIAL_CONTENT);
                  res.header(
                      HttpHeaderNames.CONTENT_RANGE,
                      "bytes " + range.first() + "-" + range.last() + "/" + size);
                }
                case WHOLE -> {
                  // the whole file, with the status the response asked for
                }
              }
              res.header(HttpHeaderNames.CONTENT_LENGTH, Long.toString(length));
              if (request.method().equals("HEAD") || length == 0) {
                bytesSent.set(0);
                return res.send().then();
              }
              bytesSent.set(length);
              return res.sendFile(path, position, length).then();
            });
  }

  private static boolean matches(String ifNoneMatch, String etag) {
    for (String candidate : ifNoneMatch.split(",", -1)) {
      String tag = candidate.strip();
      if (tag.equals("*") || tag.equals(etag) || tag.equals("W/" + etag)) {
        return true;
      }
    }
    return false;
  }

  static String mediaType(Path path) {
    String name = path.getFileName() == null ? "" : path.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String type =
        dot < 0 ? null : MEDIA_TYPES.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    return type == null ? "application/octet-stream" : type;
  }

  /** What a file response needs to know about the file. */
  private record FileInfo(long size, String etag, String lastModified) {

    static Optional<FileInfo> of(Path path) {
      BasicFileAttributes attributes;
      try {
        attributes = Files.readAttributes(path, BasicFileAttributes.class);
      } catch (IOException e) {
        return Optional.empty();
      }
      if (!attributes.isRegularFile()) {
        return Optional.empty();
      }
      long modified = attributes.lastModifiedTime().toMillis();
      return Optional.of(
          new FileInfo(
              attributes.size(),
              "\"" + Long.toHexString(attributes.size()) + "-" + Long.toHexString(modified) + "\"",
              DateTimeFormatter.RFC_1123_DATE_TIME.format(
                  Instant.ofEpochMilli(modified).atOffset(ZoneOffset.UTC))));
    }
  }
}
