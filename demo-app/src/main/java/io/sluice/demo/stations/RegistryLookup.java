package io.sluice.demo.stations;

import java.util.Objects;

/**
 * The outcome of asking the station registry about one station. Never an error: a registry that is
 * slow, down, answering garbage or cut off by the circuit breaker is {@link Unavailable}.
 */
public sealed interface RegistryLookup {

  /**
   * The registry knows the station.
   *
   * @param station what it says
   */
  record Found(RegistryStation station) implements RegistryLookup {

    /** Checks the station is present. */
    public Found {
      Objects.requireNonNull(station, "station");
    }
  }

  /** The registry answered that it does not know the station ({@code 404}). */
  record NotFound() implements RegistryLookup {}

  /**
   * The registry could not be used.
   *
   * @param reason why, for the {@code warning} field of the summary
   */
  record Unavailable(String reason) implements RegistryLookup {

    /** Checks the reason is present. */
    public Unavailable {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
