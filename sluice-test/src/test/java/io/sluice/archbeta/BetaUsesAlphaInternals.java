package io.sluice.archbeta;

import io.sluice.archalpha.internal.AlphaSecret;

/**
 * A class of another fixture module that reaches into alpha's internals, which the rule forbids.
 */
public final class BetaUsesAlphaInternals {
  public String value() {
    return new AlphaSecret().value();
  }
}
