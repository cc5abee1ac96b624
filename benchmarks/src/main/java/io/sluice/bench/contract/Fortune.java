package io.sluice.bench.contract;

import java.util.Objects;

/** A row of the {@code fortune} table. */
record Fortune(int id, String message) {

  Fortune {
    Objects.requireNonNull(message, "message");
  }
}
