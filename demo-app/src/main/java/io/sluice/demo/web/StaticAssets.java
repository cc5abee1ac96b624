package io.sluice.demo.web;

import io.sluice.net.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The page's files, read once from the class path into memory: the page is a handful of small files
 * (about 70 KiB), so serving them from memory is simpler than files on disk and works the same from
 * the jar and from a runtime image.
 */
final class StaticAssets {

  /** Where the files live on the class path. */
  static final String LOCATION = "/io/sluice/demo/web/";

  /** The files served, by name. */
  static final List<String> NAMES =
      List.of(
          "index.html", "app.js", "app.css", "uPlot.iife.min.js", "uPlot.min.css", "uPlot.LICENSE");

  private final Map<String, ServerResponse> assets;

  private StaticAssets(Map<String, ServerResponse> assets) {
    this.assets = assets;
  }

  /**
   * Reads every file of {@link #NAMES}. Blocking: call it while starting, not on an event loop.
   *
   * @return the assets
   * @throws UncheckedIOException if a file is missing or unreadable
   */
  static StaticAssets load() {
    Map<String, ServerResponse> assets = new LinkedHashMap<>();
    for (String name : NAMES) {
      try (InputStream in = StaticAssets.class.getResourceAsStream(LOCATION + name)) {
        if (in == null) {
          throw new IOException("missing class path resource " + LOCATION + name);
        }
        assets.put(
            name,
            ServerResponse.bytes(in.readAllBytes(), contentType(name))
                .withHeader("Cache-Control", "no-cache"));
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read the web page's file " + name, e);
      }
    }
    return new StaticAssets(Map.copyOf(assets));
  }

  /**
   * Returns the response sending a file, with its media type and {@code Cache-Control: no-cache}.
   *
   * @param name its name, such as {@code app.js}
   * @return the response, empty for a name not served
   */
  Optional<ServerResponse> get(String name) {
    Objects.requireNonNull(name, "name");
    return Optional.ofNullable(assets.get(name));
  }

  private static String contentType(String name) {
    if (name.endsWith(".html")) {
      return "text/html; charset=utf-8";
    }
    if (name.endsWith(".js")) {
      return "text/javascript; charset=utf-8";
    }
    if (name.endsWith(".css")) {
      return "text/css; charset=utf-8";
    }
    return "text/plain; charset=utf-8";
  }
}
