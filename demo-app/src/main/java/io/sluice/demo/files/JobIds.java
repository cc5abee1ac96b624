package io.sluice.demo.files;

import io.sluice.net.http.ProblemException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Ids of imports and exports: random UUIDs. An id from a request is checked against that shape
 * before it reaches a query or a file name, so {@code ../} and friends never get near the disk.
 */
final class JobIds {

  private static final Pattern SHAPE =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private JobIds() {}

  /**
   * Returns a new random (version 4) UUID. From {@link ThreadLocalRandom}, not {@link
   * UUID#randomUUID()}, whose {@code SecureRandom} may read {@code /dev/urandom} on an event loop:
   * ids need to be unique, not secret (the lists show them to anyone).
   */
  static String next() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }

  /**
   * Checks an id from a request.
   *
   * @param kind {@code import} or {@code export}, for the message
   * @param id the id as received
   * @return the id
   * @throws ProblemException {@code 400} if it is not an id's shape
   */
  static String check(String kind, String id) {
    if (!SHAPE.matcher(id).matches()) {
      throw new ProblemException(
          400,
          "An " + kind + " id is a lower-case UUID such as 0b5e4c1e-8a3f-4d2b-9c61-2f1e0a7b3c4d",
          Map.of("id", id.length() <= 100 ? id : id.substring(0, 100) + "..."));
    }
    return id;
  }
}
