package dev.parley.node;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.regex.Pattern;

/**
 * The architecture's rules that hold and must keep holding, checked on the main classes of every
 * module, which the system tests' classpath holds (every module is a dependency of system-tests).
 * A rule whose packages have no classes fails (ArchUnit's default), so a module that leaves this
 * classpath makes its rule fail here instead of passing on nothing: move the rule with it.
 * The node's packages and their layers are in docs/design.md, "Modules and packages".
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

  @ArchTest
  static final ArchRule nothingOfOursButTheSystemTestsUsesTheCliOrTheBench =
      noClasses()
          .that()
          .resideInAPackage(OURS)
          .and()
          .resideOutsideOfPackages("dev.parley.cli..", "dev.parley.bench..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("dev.parley.cli..", "dev.parley.bench..")
          .because("the CLI and the bench are clients of the node: the node and the modules it is built from build without them");

  // Inside the node.

  private static final String[] ENTITIES = {
    "dev.parley.node.channel..",
    "dev.parley.node.workspace..",
    "dev.parley.node.session..",
    "dev.parley.node.account..",
    "dev.parley.node.audit.."
  };

  @ArchTest
  static final ArchRule entitiesNeverUseTheWireProtocol =
      noClasses()
          .that()
          .resideInAnyPackage(ENTITIES)
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.parley.protocol..")
          .because("the edge maps wire frames to entity commands; entities and their messages are stored and must not change with the wire");

  @ArchTest
  static final ArchRule entitiesNeverUseTheLayersAboveThem =
      noClasses()
          .that()
          .resideInAnyPackage(ENTITIES)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.parley.node.transport..",
              "dev.parley.node.edge..",
              "dev.parley.node.http..",
              "dev.parley.node.read..",
              "dev.parley.node.notify..",
              "dev.parley.node.subscriptions..",
              "dev.parley.node.admin..",
              "dev.parley.node.management..",
              "dev.parley.node.auth..",
              "dev.parley.node.boot..")
          .because("an entity knows only the kernel, other entities it answers about, and telemetry");

  /** The layers of docs/design.md, "Modules and packages": each uses only its own and those below. */
  @ArchTest
  static final ArchRule theNodesLayersUseOnlyTheirOwnAndThoseBelow =
      layeredArchitecture()
          .consideringOnlyDependenciesInLayers()
          .layer("boot").definedBy("dev.parley.node.boot..")
          .layer("transports").definedBy("dev.parley.node.transport..", "dev.parley.node.http..", "dev.parley.node.management..")
          .layer("application").definedBy("dev.parley.node.edge..", "dev.parley.node.admin..", "dev.parley.node.auth..")
          .layer("read side").definedBy("dev.parley.node.read..", "dev.parley.node.notify..", "dev.parley.node.subscriptions..")
          .layer("features").definedBy("dev.parley.node.files..", "dev.parley.node.erasure..", "dev.parley.node.hooks..", "dev.parley.node.bots..")
          .layer("entities").definedBy(ENTITIES)
          .layer("kernel").definedBy("dev.parley.node")
          .layer("beside all").definedBy("dev.parley.node.telemetry..", "dev.parley.node.logging..", "dev.parley.node.net..")
          .whereLayer("boot").mayNotBeAccessedByAnyLayer()
          .whereLayer("transports").mayOnlyBeAccessedByLayers("boot")
          .whereLayer("application").mayOnlyBeAccessedByLayers("boot", "transports")
          .whereLayer("read side").mayOnlyBeAccessedByLayers("boot", "transports", "application")
          .whereLayer("features").mayOnlyBeAccessedByLayers("boot", "transports", "application", "read side")
          .whereLayer("entities").mayOnlyBeAccessedByLayers("boot", "transports", "application", "read side", "features")
          .whereLayer("kernel").mayOnlyBeAccessedByLayers("boot", "transports", "application", "read side", "features", "entities")
          .whereLayer("beside all")
          .mayOnlyBeAccessedByLayers("boot", "transports", "application", "read side", "features", "entities", "kernel");

  /** A new package of the node takes its place in a layer above, or the layers rule would not see it. */
  @ArchTest
  static final ArchRule everyPackageOfTheNodeIsInALayer =
      classes()
          .that()
          .resideInAPackage("dev.parley.node..")
          .should()
          .resideInAnyPackage(
              "dev.parley.node.boot..",
              "dev.parley.node.transport..",
              "dev.parley.node.http..",
              "dev.parley.node.management..",
              "dev.parley.node.edge..",
              "dev.parley.node.admin..",
              "dev.parley.node.auth..",
              "dev.parley.node.read..",
              "dev.parley.node.notify..",
              "dev.parley.node.subscriptions..",
              "dev.parley.node.files..",
              "dev.parley.node.erasure..",
              "dev.parley.node.hooks..",
              "dev.parley.node.bots..",
              "dev.parley.node.channel..",
              "dev.parley.node.workspace..",
              "dev.parley.node.session..",
              "dev.parley.node.account..",
              "dev.parley.node.audit..",
              "dev.parley.node",
              "dev.parley.node.telemetry..",
              "dev.parley.node.logging..",
              "dev.parley.node.net..");

  /** Every package of the node, the root (the shared kernel) included, is a slice without cycles. */
  @ArchTest
  static final ArchRule theNodesPackagesHaveNoCycles =
      slices().assignedFrom(new NodePackages()).should().beFreeOfCycles();

  @ArchTest
  static final ArchRule theKernelKnowsNothingAboveIt =
      noClasses()
          .that()
          .resideInAPackage("dev.parley.node")
          .should()
          .dependOnClassesThat(DescribedPredicate.describe("in a package of the node below dev.parley.node", NodePackages::belowTheRoot))
          .because("Outcome, the ids and the error mapping are what every layer shares; they name none of them");

  @ArchTest
  static final ArchRule onlyTheCompositionRootWiresTheNode =
      noClasses()
          .that()
          .resideOutsideOfPackage("dev.parley.node.boot..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.parley.node.boot..")
          .because("boot builds the node from its parts; nothing is built by reaching back into it");

  @ArchTest
  static final ArchRule theTransportIsReachedOnlyThroughHttpAndBoot =
      classes()
          .that()
          .resideInAPackage("dev.parley.node.transport..")
          .should()
          .onlyHaveDependentClassesThat()
          .resideInAnyPackage("dev.parley.node.transport..", "dev.parley.node.http..", "dev.parley.node.management..", "dev.parley.node.boot..")
          .because("the application layer (edge) serves WebSocket and HTTP alike and knows neither");

  @ArchTest
  static final ArchRule onlyOneAdapterCallsPekkoHttpInternals =
      noClasses()
          .that()
          .doNotHaveFullyQualifiedName("dev.parley.node.transport.PekkoFrames")
          .should()
          .accessClassesThat()
          .resideInAPackage("org.apache.pekko.http.impl..")
          .because("Pekko HTTP's internal WebSocket API may change in any release; PekkoFramesTest pins the version it was written for");

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

  /** Each package directly under {@code dev.parley.node}, and the root itself, as one slice. */
  static final class NodePackages implements SliceAssignment {
    private static final String ROOT = "dev.parley.node";

    static boolean belowTheRoot(JavaClass type) {
      return type.getPackageName().startsWith(ROOT + ".");
    }

    @Override
    public SliceIdentifier getIdentifierOf(JavaClass type) {
      String name = type.getPackageName();
      if (name.equals(ROOT)) {
        return SliceIdentifier.of("(root)");
      }
      if (belowTheRoot(type)) {
        return SliceIdentifier.of(name.substring(ROOT.length() + 1).split("\\.")[0]);
      }
      return SliceIdentifier.ignore();
    }

    @Override
    public String getDescription() {
      return "the node's packages";
    }
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
