package dev.parley.node;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.regex.Pattern;

/**
 * The architecture's rules that hold and must keep holding, checked on the main classes of every
 * module, which this module's test classpath holds (the CLI and the bench as test dependencies).
 * A rule whose packages have no classes fails (ArchUnit's default), so a module that leaves this
 * classpath makes its rule fail here instead of passing on nothing: move the rule with it.
 *
 * <p>Not a rule yet: the node's packages are free of cycles. Today they are not (docs/design.md,
 * "Modules and packages"); once they are, add
 * {@code slices().matching("dev.parley.node.(*)..").should().beFreeOfCycles()} and the same with the
 * root package {@code dev.parley.node} as a slice of its own (the pattern leaves it out).
 */
@AnalyzeClasses(
    packages = "dev.parley",
    importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.DoNotIncludeTestJars.class})
class ArchitectureTest {

  private static final String OURS = "dev.parley..";

  // Modules: which of ours each one may use (as their poms say; these keep the packages honest too).

  @ArchTest
  static final ArchRule protocolUsesNothingOfOurs =
      usesOnly("dev.parley.protocol..").because("the protocol module is the contract that clients use: no server code");

  @ArchTest
  static final ArchRule persistenceUsesNothingOfOurs = usesOnly("dev.parley.persistence..");

  @ArchTest
  static final ArchRule seedConfigUsesNothingOfOurs = usesOnly("dev.parley.seed..");

  @ArchTest
  static final ArchRule cliUsesOnlyTheProtocol =
      usesOnly("dev.parley.cli..", "dev.parley.protocol..").because("the CLI speaks only the wire contract");

  @ArchTest
  static final ArchRule benchUsesOnlyTheProtocol =
      usesOnly("dev.parley.bench..", "dev.parley.protocol..").because("the bench speaks only the wire contract");

  // Inside the node.

  @ArchTest
  static final ArchRule entitiesNeverUseTheWireProtocol =
      noClasses()
          .that()
          .resideInAnyPackage(
              "dev.parley.node.channel..", "dev.parley.node.workspace..", "dev.parley.node.session..", "dev.parley.node.account..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.parley.protocol..")
          .because("the edge maps wire frames to entity commands; entities and their messages are stored and must not change with the wire");

  /** The classes of {@code own} use nothing of ours but {@code own} and {@code allowed}. */
  private static ArchRule usesOnly(String own, String... allowed) {
    String[] packages = new String[allowed.length + 1];
    packages[0] = own;
    System.arraycopy(allowed, 0, packages, 1, allowed.length);
    return classes()
        .that()
        .resideInAPackage(own)
        .should()
        .onlyDependOnClassesThat(resideOutsideOfPackage(OURS).or(resideInAnyPackage(packages)));
  }

  /** A module's test-jar on the classpath (the persistence module's) holds test code too. */
  static final class DoNotIncludeTestJars implements ImportOption {
    private static final Pattern TEST_JAR = Pattern.compile(".*-tests\\.jar.*");

    @Override
    public boolean includes(Location location) {
      return !location.matches(TEST_JAR);
    }
  }
}
