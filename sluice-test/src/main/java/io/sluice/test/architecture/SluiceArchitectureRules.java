package io.sluice.test.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * ArchUnit rules for Sluice's module boundaries.
 *
 * <p>A module's API lives in {@code io.sluice.<module>} and its implementation in packages named
 * {@code internal} below it. Only the module itself may use its internals. Needs {@code
 * com.tngtech.archunit:archunit-junit5} on the test class path.
 */
public final class SluiceArchitectureRules {

  private static final String ROOT = "io.sluice.";
  private static final Pattern SLUICE_JAR =
      Pattern.compile("(reactive-[a-z]+|sluice-[a-z]+|demo-app|benchmarks)-[^/]*\\.jar");

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
    // Only io.sluice classes are checked: resolving every referenced library class from the class
    // path would take tens of seconds and add nothing to the rule.
    ArchConfiguration configuration = ArchConfiguration.get();
    boolean resolve = configuration.resolveMissingDependenciesFromClassPath();
    configuration.setResolveMissingDependenciesFromClassPath(false);
    try {
      return new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importLocations(sluiceLocations());
    } finally {
      configuration.setResolveMissingDependenciesFromClassPath(resolve);
    }
  }

  /**
   * The class-path entries that can hold Sluice classes: class directories and Sluice's own jars.
   * Scanning only these, instead of every jar for the package, keeps the import fast. Surefire
   * passes the real class path in {@code surefire.test.class.path}.
   */
  private static Set<Location> sluiceLocations() {
    String classPath = System.getProperty("surefire.test.class.path");
    if (classPath == null || classPath.isBlank()) {
      classPath = System.getProperty("java.class.path", "");
    }
    Set<Location> locations = new LinkedHashSet<>();
    for (String entry : classPath.split(File.pathSeparator, -1)) {
      if (entry.isBlank()) {
        continue;
      }
      Path path = Path.of(entry);
      String name = path.getFileName() == null ? "" : path.getFileName().toString();
      if (Files.isDirectory(path) || SLUICE_JAR.matcher(name).matches()) {
        locations.add(Location.of(path));
      }
    }
    return locations;
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
