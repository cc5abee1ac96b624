package io.sluice.demo.stations;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A station as the upstream registry describes it.
 *
 * @param id the station id
 * @param name the station's display name
 * @param latitude degrees north, -90 to 90
 * @param longitude degrees east, -180 to 180
 * @param operator who runs the station, if the registry says
 */
public record RegistryStation(
    String id, String name, double latitude, double longitude, @Nullable String operator) {

  /**
   * Checks the values.
   *
   * @throws IllegalArgumentException if the name is blank or a coordinate is out of range
   */
  public RegistryStation {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
    if (!(latitude >= -90 && latitude <= 90)) {
      throw new IllegalArgumentException("latitude must be in [-90, 90], but was " + latitude);
    }
    if (!(longitude >= -180 && longitude <= 180)) {
      throw new IllegalArgumentException("longitude must be in [-180, 180], but was " + longitude);
    }
  }
}
