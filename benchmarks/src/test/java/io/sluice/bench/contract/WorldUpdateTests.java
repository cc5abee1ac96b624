package io.sluice.bench.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WorldUpdateTests {

  @Test
  void storesAnIdDrawnTwiceOnceAndReturnsItTwiceWithThatValue() {
    List<World> read = List.of(new World(9, 1), new World(3, 1), new World(9, 1));

    WorldUpdate update = WorldUpdate.of(read);

    assertThat(update.newValues()).containsOnlyKeys(3, 9);
    assertThat(update.newValues().keySet()).containsExactly(3, 9);
    assertThat(update.updated()).extracting(World::id).containsExactly(9, 3, 9);
    assertThat(update.updated().get(0)).isEqualTo(update.updated().get(2));
    assertThat(update.updated())
        .allSatisfy(
            world -> {
              assertThat(world.randomNumber()).isBetween(1, 10_000);
              assertThat(world.randomNumber()).isEqualTo(update.newValues().get(world.id()));
            });
  }
}
