package io.sluice.fs;

import io.sluice.test.architecture.SluiceArchitectureRules;
import org.junit.jupiter.api.Test;

class ArchitectureTests {

  @Test
  void noModuleOnTheClassPathUsesAnotherModulesInternals() {
    SluiceArchitectureRules.modulesStayOutOfOtherModulesInternals()
        .check(SluiceArchitectureRules.importSluiceClasses());
  }
}
