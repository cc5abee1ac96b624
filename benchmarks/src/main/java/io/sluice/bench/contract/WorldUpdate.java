package io.sluice.bench.contract;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The new values of one {@code /updates} request: every distinct id read gets a new random number,
 * so an id drawn twice is stored once and returned twice with that value.
 */
final class WorldUpdate {

  private final SortedMap<Integer, Integer> newValues;
  private final List<World> updated;

  private WorldUpdate(SortedMap<Integer, Integer> newValues, List<World> updated) {
    this.newValues = newValues;
    this.updated = updated;
  }

  /** Draws the new values for the rows read, in the order read. */
  static WorldUpdate of(List<World> read) {
    SortedMap<Integer, Integer> newValues = new TreeMap<>();
    List<World> updated = new ArrayList<>(read.size());
    for (World world : read) {
      Integer value = newValues.get(world.id());
      if (value == null) {
        value = World.newRandomNumber();
        newValues.put(world.id(), value);
      }
      updated.add(new World(world.id(), value));
    }
    return new WorldUpdate(
        Collections.unmodifiableSortedMap(newValues), Collections.unmodifiableList(updated));
  }

  /**
   * Id to new random number, one entry per distinct id, in ascending id order: storing them in this
   * order makes concurrent requests lock rows in the same order, so they cannot deadlock.
   */
  SortedMap<Integer, Integer> newValues() {
    return newValues;
  }

  /** The rows to return, in the order read, with their new values. */
  List<World> updated() {
    return updated;
  }
}
