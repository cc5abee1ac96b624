package io.sluice.archalpha.internal;

/** An internal class of the fixture module "alpha". */
public final class AlphaSecret {
  public String value() {
    return "secret";
  }
}
