package io.sluice.net.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileResponseTests extends ServerTestSupport {

  @TempDir Path dir;

  private RunningHttpServer serve() throws Exception {
    Path root = Files.createDirectories(dir.resolve("public"));
    Files.writeString(root.resolve("hello.txt"), "0123456789");
    Files.createDirectories(root.resolve("sub"));
    Files.writeString(root.resolve("sub").resolve("page.html"), "<p>hi</p>");
    Files.writeString(dir.resolve("secret.txt"), "top secret");
    Files.createSymbolicLink(root.resolve("escape.txt"), dir.resolve("secret.txt"));
    Files.createSymbolicLink(root.resolve("inside.txt"), root.resolve("hello.txt"));
    return start(Routes.create().files("/static", root));
  }

  @Test
  void servesFilesWithValidatorsAndAnswersConditionalRequestsWith304() throws Exception {
    RunningHttpServer server = serve();

    try (RawHttp http = new RawHttp(server.port())) {
      RawHttp.Response ok =
          http.send("GET /static/sub/page.html HTTP/1.1\r\nHost: x\r\n\r\n").read();
      assertThat(ok.status()).isEqualTo(200);
      assertThat(ok.body()).isEqualTo("<p>hi</p>");
      assertThat(ok.headers())
          .containsEntry("content-type", "text/html; charset=utf-8")
          .containsEntry("accept-ranges", "bytes")
          .containsKey("last-modified");
      String etag = ok.headers().get("etag");
      assertThat(etag).startsWith("\"").endsWith("\"");

      RawHttp.Response notModified =
          http.send(
                  "GET /static/sub/page.html HTTP/1.1\r\nHost: x\r\nIf-None-Match: \"other\", "
                      + etag
                      + "\r\n\r\n")
              .read0();
      assertThat(notModified.status()).isEqualTo(304);
      assertThat(notModified.headers()).containsEntry("etag", etag);

      RawHttp.Response head =
          http.send("HEAD /static/hello.txt HTTP/1.1\r\nHost: x\r\n\r\n").read0();
      assertThat(head.status()).isEqualTo(200);
      assertThat(head.headers()).containsEntry("content-length", "10");

      assertThat(http.send("GET /static/inside.txt HTTP/1.1\r\nHost: x\r\n\r\n").read().body())
          .isEqualTo("0123456789");
    }
  }

  @Test
  void answersRangesWith206AndUnsatisfiableRangesWith416() throws Exception {
    RunningHttpServer server = serve();

    try (RawHttp http = new RawHttp(server.port())) {
      RawHttp.Response partial =
          http.send("GET /static/hello.txt HTTP/1.1\r\nHost: x\r\nRange: bytes=2-5\r\n\r\n").read();
      assertThat(partial.status()).isEqualTo(206);
      assertThat(partial.body()).isEqualTo("2345");
      assertThat(partial.headers()).containsEntry("content-range", "bytes 2-5/10");

      RawHttp.Response suffix =
          http.send("GET /static/hello.txt HTTP/1.1\r\nHost: x\r\nRange: bytes=-3\r\n\r\n").read();
      assertThat(suffix.status()).isEqualTo(206);
      assertThat(suffix.body()).isEqualTo("789");

      RawHttp.Response open =
          http.send("GET /static/hello.txt HTTP/1.1\r\nHost: x\r\nRange: bytes=8-\r\n\r\n").read();
      assertThat(open.body()).isEqualTo("89");

      RawHttp.Response unsatisfiable =
          http.send("GET /static/hello.txt HTTP/1.1\r\nHost: x\r\nRange: bytes=10-20\r\n\r\n")
              .read();
      assertThat(unsatisfiable.status()).isEqualTo(416);
      assertThat(unsatisfiable.headers()).containsEntry("content-range", "bytes */10");

      RawHttp.Response several =
          http.send("GET /static/hello.txt HTTP/1.1\r\nHost: x\r\nRange: bytes=0-1,4-5\r\n\r\n")
              .read();
      assertThat(several.status()).isEqualTo(200);
      assertThat(several.body()).isEqualTo("0123456789");
    }
  }

  @Test
  void pathTraversalNeverServesAFileOutsideTheRoot() throws Exception {
    RunningHttpServer server = serve();
    String[] attacks = {
      "/static/../secret.txt",
      "/static/sub/../../secret.txt",
      "/static/%2e%2e/secret.txt",
      "/static/%2E%2E/secret.txt",
      "/static/sub%2f..%2f..%2fsecret.txt",
      "/static/..%5csecret.txt",
      "/static//" + dir.resolve("secret.txt").toString().substring(1),
      "/static/%2F" + dir.resolve("secret.txt").toString().substring(1).replace("/", "%2F"),
      "/static/escape.txt",
      "/static/sub",
      "/static/",
      "/static/missing.txt",
      "/static/hello.txt%00.html",
    };
    for (String attack : attacks) {
      try (RawHttp http = new RawHttp(server.port())) {
        RawHttp.Response response =
            http.send("GET " + attack + " HTTP/1.1\r\nHost: x\r\n\r\n").read();
        assertThat(response.status()).as(attack).isIn(400, 404);
        assertThat(response.body()).as(attack).doesNotContain("top secret");
      }
    }
    assertThat(Files.readString(dir.resolve("secret.txt"), StandardCharsets.UTF_8))
        .isEqualTo("top secret");
  }
}
