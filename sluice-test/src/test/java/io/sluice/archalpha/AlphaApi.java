package io.sluice.archalpha;

import io.sluice.archalpha.internal.AlphaSecret;

/** A module's API class that uses its own internals, as allowed. */
public final class AlphaApi {
  public String value() {
    return new AlphaSecret().value();
  }
}
