package io.sluice.bench.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CountParameterTests {

  @ParameterizedTest
  @CsvSource(
      nullValues = "NULL",
      value = {
        "NULL, 1",
        "'', 1",
        "foo, 1",
        "5abc, 1",
        "+, 1",
        "-, 1",
        "0, 1",
        "-7, 1",
        "1, 1",
        "+20, 20",
        "500, 500",
        "501, 500",
        "99999999999999999999, 500",
        "-99999999999999999999, 1",
      })
  void clampsQueriesToOneToFiveHundredAndDefaultsToOne(String value, int expected) {
    assertThat(CountParameter.QUERIES.parse(value)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(
      nullValues = "NULL",
      value = {"NULL, 1000", "x, 1000", "0, 1", "999999, 999999", "2000000, 1000000"})
  void clampsStreamRowsToOneToAMillionAndDefaultsToAThousand(String value, int expected) {
    assertThat(CountParameter.STREAM_ROWS.parse(value)).isEqualTo(expected);
  }

  @Test
  void findsItsParameterInARawQueryString() {
    assertThat(CountParameter.QUERIES.fromQuery(null)).isEqualTo(1);
    assertThat(CountParameter.QUERIES.fromQuery("queries=20")).isEqualTo(20);
    assertThat(CountParameter.QUERIES.fromQuery("a=1&queries=7&queries=9")).isEqualTo(7);
    assertThat(CountParameter.QUERIES.fromQuery("xqueries=7&queriesx=8")).isEqualTo(1);
    assertThat(CountParameter.QUERIES.fromQuery("queries")).isEqualTo(1);
    assertThat(CountParameter.QUERIES.fromQuery("queries=%2B12")).isEqualTo(12);
    assertThat(CountParameter.QUERIES.fromQuery("queries=%zz")).isEqualTo(1);
    assertThat(CountParameter.STREAM_ROWS.fromQuery("n=42&queries=3")).isEqualTo(42);
  }
}
