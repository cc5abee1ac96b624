package io.sluice.bench.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FortunesPageTests {

  @Test
  void addsTheRequestTimeFortuneSortsByMessageAndEscapesEveryMessage() {
    List<Fortune> stored = List.of(new Fortune(2, "b <&> \"'"), new Fortune(1, "Zed"));

    String page = FortunesPage.render(stored);

    assertThat(page)
        .isEqualTo(
            "<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table>"
                + "<tr><th>id</th><th>message</th></tr>"
                + "<tr><td>0</td><td>Additional fortune added at request time.</td></tr>"
                + "<tr><td>1</td><td>Zed</td></tr>"
                + "<tr><td>2</td><td>b &lt;&amp;&gt; &quot;&#39;</td></tr>"
                + "</table></body></html>");
    assertThat(stored).hasSize(2);
  }
}
