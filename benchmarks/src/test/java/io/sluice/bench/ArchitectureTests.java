package io.sluice.bench;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import io.sluice.test.architecture.SluiceArchitectureRules;
import org.junit.jupiter.api.Test;

class ArchitectureTests {

  @Test
  void noModuleOnTheClassPathUsesAnotherModulesInternals() {
    SluiceArchitectureRules.modulesStayOutOfOtherModulesInternals()
        .check(SluiceArchitectureRules.importSluiceClasses());
  }

  @Test
  void theSluiceContractServerUsesSluicesPublicApiOnly() {
    noClasses()
        .that()
        .haveNameMatching("io\\.sluice\\.bench\\.contract\\.SluiceServer(\\$.*)?")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.netty..", "reactor.netty..", "io.r2dbc..", "..internal..")
        .because("the Sluice server is written as a user of Sluice writes it")
        .check(SluiceArchitectureRules.importSluiceClasses());
  }
}
