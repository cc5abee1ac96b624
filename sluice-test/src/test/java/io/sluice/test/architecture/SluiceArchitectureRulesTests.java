package io.sluice.test.architecture;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.sluice.archalpha.AlphaApi;
import io.sluice.archbeta.BetaUsesAlphaInternals;
import org.junit.jupiter.api.Test;

class SluiceArchitectureRulesTests {

  @Test
  void sluiceModulesOnTheClassPathStayOutOfEachOthersInternals() {
    SluiceArchitectureRules.modulesStayOutOfOtherModulesInternals()
        .check(SluiceArchitectureRules.importSluiceClasses());
  }

  @Test
  void moduleUsingItsOwnInternalsPasses() {
    assertThatCode(
            () ->
                SluiceArchitectureRules.modulesStayOutOfOtherModulesInternals()
                    .check(new ClassFileImporter().importClasses(AlphaApi.class)))
        .doesNotThrowAnyException();
  }

  @Test
  void moduleUsingAnotherModulesInternalsFailsNamingTheDependency() {
    assertThatThrownBy(
            () ->
                SluiceArchitectureRules.modulesStayOutOfOtherModulesInternals()
                    .check(new ClassFileImporter().importClasses(BetaUsesAlphaInternals.class)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("BetaUsesAlphaInternals")
        .hasMessageContaining("io.sluice.archalpha.internal.AlphaSecret");
  }
}
