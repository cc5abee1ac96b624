package io.sluice.bench.contract;

import static io.sluice.bench.contract.ContractViolation.require;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Checks of the TechEmpower-style endpoints: plaintext, json, db, queries, updates, fortunes. */
final class EndpointChecks {

  private static final Pattern FORTUNE_ROW =
      Pattern.compile("<tr><td>(\\d+)</td><td>(.*?)</td></tr>", Pattern.DOTALL);
  private static final String FORTUNES_HEAD =
      "<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table>"
          + "<tr><th>id</th><th>message</th></tr>";
  private static final String FORTUNES_TAIL = "</table></body></html>";

  private final InetSocketAddress server;
  private final ContractDatabase database;
  private final JsonMapper json = JsonMapper.builder().build();

  EndpointChecks(InetSocketAddress server, ContractDatabase database) {
    this.server = server;
    this.database = database;
  }

  String plaintext() throws IOException {
    HttpProbe.Response response = get("/plaintext");
    ResponseShape.require(response.head(), 200, "text/plain", "GET /plaintext");
    require(
        response.text().equals("Hello, World!"),
        () -> "GET /plaintext: body '" + response.text() + "'");
    return "Hello, World! as text/plain";
  }

  String json() throws IOException {
    HttpProbe.Response response = get("/json");
    ResponseShape.require(response.head(), 200, "application/json", "GET /json");
    JsonNode body = parse(response, "GET /json");
    require(
        body.isObject()
            && body.size() == 1
            && "Hello, World!".equals(body.path("message").asString()),
        () -> "GET /json: body " + response.text());
    return "{\"message\":\"Hello, World!\"}";
  }

  String db() throws IOException, SQLException {
    int[] stored = database.worlds();
    for (int i = 0; i < 5; i++) {
      HttpProbe.Response response = get("/db");
      ResponseShape.require(response.head(), 200, "application/json", "GET /db");
      World world = world(parse(response, "GET /db"), "GET /db");
      require(
          world.randomNumber() == stored[world.id()],
          () ->
              "GET /db: "
                  + world
                  + " but the database has randomNumber "
                  + stored[world.id()]
                  + " for that id");
    }
    return "5 random rows match the database";
  }

  String queries() throws IOException, SQLException {
    int[] stored = database.worlds();
    Map<String, Integer> expected = new java.util.LinkedHashMap<>();
    expected.put("/queries", 1);
    expected.put("/queries?queries=", 1);
    expected.put("/queries?queries=0", 1);
    expected.put("/queries?queries=foo", 1);
    expected.put("/queries?queries=5abc", 1);
    expected.put("/queries?queries=-3", 1);
    expected.put("/queries?queries=20", 20);
    expected.put("/queries?queries=501", 500);
    for (Map.Entry<String, Integer> entry : expected.entrySet()) {
      List<World> worlds = worlds(entry.getKey());
      require(
          worlds.size() == entry.getValue(),
          () ->
              "GET "
                  + entry.getKey()
                  + ": "
                  + worlds.size()
                  + " rows, expected "
                  + entry.getValue());
      for (World world : worlds) {
        require(
            world.randomNumber() == stored[world.id()],
            () -> "GET " + entry.getKey() + ": " + world + " differs from the database");
      }
    }
    return "missing, empty, 0, foo, 5abc, -3 give 1 row; 20 give 20; 501 give 500";
  }

  String updates() throws IOException, SQLException {
    int[] before = database.worlds();
    List<World> updated = worlds("/updates?queries=20");
    require(updated.size() == 20, () -> "GET /updates?queries=20: " + updated.size() + " rows");
    int[] after = database.worlds();
    Map<Integer, Integer> returned = new HashMap<>();
    int changed = 0;
    for (World world : updated) {
      Integer previous = returned.put(world.id(), world.randomNumber());
      require(
          previous == null || previous == world.randomNumber(),
          () -> "GET /updates: id " + world.id() + " returned twice with different values");
      require(
          after[world.id()] == world.randomNumber(),
          () ->
              "GET /updates: returned "
                  + world
                  + " but the database has "
                  + after[world.id()]
                  + " (not persisted)");
      if (before[world.id()] != world.randomNumber()) {
        changed++;
      }
    }
    int changedRows = changed;
    require(changedRows > 0, () -> "GET /updates?queries=20: no stored value changed");
    List<World> one = worlds("/updates?queries=foo");
    require(one.size() == 1, () -> "GET /updates?queries=foo: " + one.size() + " rows");
    return changedRows + " of 20 stored values changed and match the response; foo gives 1 row";
  }

  String fortunes() throws IOException, SQLException {
    HttpProbe.Response response = get("/fortunes");
    ResponseShape.require(response.head(), 200, "text/html; charset=utf-8", "GET /fortunes");
    String html = response.text().replaceAll(">\\s+<", "><").trim();
    require(
        html.startsWith(FORTUNES_HEAD) && html.endsWith(FORTUNES_TAIL),
        () -> "GET /fortunes: page does not start and end as the contract shows");
    List<Fortune> rendered = new ArrayList<>();
    Matcher row = FORTUNE_ROW.matcher(html);
    while (row.find()) {
      String cell = row.group(2);
      require(
          cell.indexOf('<') < 0
              && cell.indexOf('>') < 0
              && cell.indexOf('"') < 0
              && cell.indexOf('\'') < 0,
          () -> "GET /fortunes: message not escaped: " + cell);
      rendered.add(new Fortune(Integer.parseInt(row.group(1)), unescape(cell)));
    }
    List<Fortune> expected = new ArrayList<>(database.fortunes());
    expected.add(FortunesPage.ADDED);
    expected.sort(java.util.Comparator.comparing(Fortune::message));
    require(
        rendered.equals(expected),
        () -> "GET /fortunes: rows " + rendered + ", expected (sorted by message) " + expected);
    return rendered.size() + " rows, escaped, sorted by message, UTF-8 intact";
  }

  private static String unescape(String html) {
    StringBuilder text = new StringBuilder(html.length());
    int i = 0;
    while (i < html.length()) {
      char c = html.charAt(i);
      int semicolon = c == '&' ? html.indexOf(';', i) : -1;
      if (semicolon < 0) {
        text.append(c);
        i++;
        continue;
      }
      String entity = html.substring(i + 1, semicolon);
      switch (entity) {
        case "amp" -> text.append('&');
        case "lt" -> text.append('<');
        case "gt" -> text.append('>');
        case "quot" -> text.append('"');
        case "apos" -> text.append('\'');
        default -> {
          if (entity.startsWith("#x") || entity.startsWith("#X")) {
            text.appendCodePoint(Integer.parseInt(entity.substring(2), 16));
          } else if (entity.startsWith("#")) {
            text.appendCodePoint(Integer.parseInt(entity.substring(1)));
          } else {
            throw new ContractViolation("GET /fortunes: unknown entity &" + entity + ";");
          }
        }
      }
      i = semicolon + 1;
    }
    return text.toString();
  }

  private List<World> worlds(String target) throws IOException {
    HttpProbe.Response response = get(target);
    ResponseShape.require(response.head(), 200, "application/json", "GET " + target);
    JsonNode body = parse(response, "GET " + target);
    require(body.isArray(), () -> "GET " + target + ": not a JSON array: " + response.text());
    List<World> worlds = new ArrayList<>(body.size());
    for (JsonNode element : body) {
      worlds.add(world(element, "GET " + target));
    }
    return worlds;
  }

  private static World world(JsonNode node, String request) {
    require(
        node.isObject()
            && node.size() == 2
            && node.path("id").isInt()
            && node.path("randomNumber").isInt(),
        () -> request + ": not {\"id\":int,\"randomNumber\":int}: " + node);
    World world = new World(node.get("id").intValue(), node.get("randomNumber").intValue());
    require(
        world.id() >= 1 && world.id() <= World.ROWS,
        () -> request + ": id " + world.id() + " outside 1.." + World.ROWS);
    return world;
  }

  private JsonNode parse(HttpProbe.Response response, String request) {
    try {
      return json.readTree(response.body());
    } catch (JacksonException e) {
      throw new ContractViolation(
          request + ": not JSON: " + new String(response.body(), StandardCharsets.UTF_8));
    }
  }

  private HttpProbe.Response get(String target) throws IOException {
    return HttpProbe.exchange(server, "GET", target, null);
  }
}
