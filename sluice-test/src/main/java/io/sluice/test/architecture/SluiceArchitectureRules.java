package io.sluice.test.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/**
 * ArchUnit rules for Sluice's module boundaries.
 *
 * <p>A module's API lives in {@code io.sluice.<module>} and its implementation in packages named
 * {@code internal} below it. Only the module itself may use its internals. Needs {@code
 * com.tngtech.archunit:archunit-junit5} on the test class path.
 */
public final class SluiceArchitectureRules {

  private static final String ROOT = "io.sluice.";

  private SluiceArchitectureRules() {}

  /**
   * No class under {@code io.sluice} depends on a class in another module's {@code internal}
   * packages.
   *
   * @return the rule
   */
  public static ArchRule modulesStayOutOfOtherModulesInternals() {
    return classes()
        .that()
        .resideInAPackage("io.sluice..")
        .should(
            new ArchCondition<JavaClass>("use no other module's internal packages") {
              @Override
              public void check(JavaClass origin, ConditionEvents events) {
                String ownModule = moduleOf(origin.getPackageName());
                for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                  String target =
                      dependency.getTargetClass().getBaseComponentType().getPackageName();
                  if (isInternal(target) && !moduleOf(target).equals(ownModule)) {
                    events.add(
                        SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                  }
                }
              }
            })
        .allowEmptyShould(true);
  }

  /**
   * Imports Sluice's production classes from the class path: every module on it, but no test
   * classes.
   *
   * @return the imported classes
   */
  public static JavaClasses importSluiceClasses() {
    return new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.sluice");
  }

  private static boolean isInternal(String packageName) {
    return packageName.startsWith(ROOT)
        && (packageName.endsWith(".internal") || packageName.contains(".internal."));
  }

  /** The module a package belongs to: {@code io.sluice.<module>}. */
  private static String moduleOf(String packageName) {
    if (!packageName.startsWith(ROOT)) {
      return packageName;
    }
    int end = packageName.indexOf('.', ROOT.length());
    return end < 0 ? packageName : packageName.substring(0, end);
  }
}
