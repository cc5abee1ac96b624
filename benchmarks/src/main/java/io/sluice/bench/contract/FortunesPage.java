package io.sluice.bench.contract;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The {@code /fortunes} page: the fortunes read from the database plus the one added at request
 * time, sorted by message, as an HTML table with every message escaped for {@code & < > " '}.
 */
final class FortunesPage {

  static final Fortune ADDED = new Fortune(0, "Additional fortune added at request time.");

  private static final String HEAD =
      "<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table>"
          + "<tr><th>id</th><th>message</th></tr>";
  private static final String TAIL = "</table></body></html>";

  private FortunesPage() {}

  /** Renders the page for the fortunes read from the database (the list is not modified). */
  static String render(List<Fortune> fromDatabase) {
    List<Fortune> fortunes = new ArrayList<>(fromDatabase.size() + 1);
    fortunes.addAll(fromDatabase);
    fortunes.add(ADDED);
    fortunes.sort(Comparator.comparing(Fortune::message));
    StringBuilder html = new StringBuilder(HEAD.length() + TAIL.length() + fortunes.size() * 96);
    html.append(HEAD);
    for (Fortune fortune : fortunes) {
      html.append("<tr><td>").append(fortune.id()).append("</td><td>");
      escape(fortune.message(), html);
      html.append("</td></tr>");
    }
    return html.append(TAIL).toString();
  }

  private static void escape(String text, StringBuilder html) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> html.append("&amp;");
        case '<' -> html.append("&lt;");
        case '>' -> html.append("&gt;");
        case '"' -> html.append("&quot;");
        case '\'' -> html.append("&#39;");
        default -> html.append(c);
      }
    }
  }
}
