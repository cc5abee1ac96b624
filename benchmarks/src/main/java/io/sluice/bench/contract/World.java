package io.sluice.bench.contract;

import java.util.concurrent.ThreadLocalRandom;

/**
 * A row of the {@code world} (or {@code stream_rows}) table, serialized as {@code
 * {"id":..,"randomNumber":..}}.
 */
record World(int id, int randomNumber) {

  /** The number of rows in {@code world}: ids are 1 to this. */
  static final int ROWS = 10_000;

  /** A random id of a {@code world} row, uniform in 1..10000. */
  static int randomId() {
    return ThreadLocalRandom.current().nextInt(1, ROWS + 1);
  }

  /** A random {@code randomNumber} for {@code /updates}, uniform in 1..10000. */
  static int newRandomNumber() {
    return ThreadLocalRandom.current().nextInt(1, 10_001);
  }
}
