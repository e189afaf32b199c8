package org.acmasr.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The package rules of the architecture: data flows one way
 * (audio → features → model/decode → engine → config → server/kafka; train beside them; cli on top).
 *
 * <p>Rules are checked from plain JUnit tests: Surefire 3.5.3 silently skips ArchUnit's
 * {@code @ArchTest} fields (TNG/ArchUnit#1442), which would make these rules unable to fail.
 */
class ArchitectureTest {
  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("org.acmasr");

  static final ArchRule layers = layeredArchitecture()
      .consideringOnlyDependenciesInLayers()
      .layer("audio").definedBy("org.acmasr.audio..")
      .layer("features").definedBy("org.acmasr.features..")
      .layer("model").definedBy("org.acmasr.model..")
      .layer("decode").definedBy("org.acmasr.decode..")
      .layer("engine").definedBy("org.acmasr.engine..")
      .layer("config").definedBy("org.acmasr.config..")
      .layer("server").definedBy("org.acmasr.server..")
      .layer("kafka").definedBy("org.acmasr.kafka..")
      .layer("train").definedBy("org.acmasr.train..")
      .layer("cli").definedBy("org.acmasr.cli..")
      .whereLayer("cli").mayNotBeAccessedByAnyLayer()
      .whereLayer("server").mayOnlyBeAccessedByLayers("cli")
      .whereLayer("kafka").mayOnlyBeAccessedByLayers("cli")
      .whereLayer("train").mayOnlyBeAccessedByLayers("cli")
      .whereLayer("config").mayOnlyBeAccessedByLayers("server", "kafka", "cli")
      .whereLayer("engine").mayOnlyBeAccessedByLayers("config", "server", "kafka", "train", "cli")
      .whereLayer("model").mayOnlyBeAccessedByLayers("engine", "train", "cli")
      // kafka reads the engine's result types, whose words are decode.Word records.
      .whereLayer("decode").mayOnlyBeAccessedByLayers("engine", "kafka", "train", "cli")
      .whereLayer("features").mayOnlyBeAccessedByLayers("model", "engine", "config", "train", "server", "kafka", "cli")
      .whereLayer("audio").mayOnlyBeAccessedByLayers("features", "engine", "train", "server", "kafka", "cli");

  static final ArchRule audioIsSelfContained = noClasses().that().resideInAPackage("org.acmasr.audio..")
      .should().dependOnClassesThat().resideInAnyPackage("org.acmasr.features..", "org.acmasr.model..",
          "org.acmasr.decode..", "org.acmasr.engine..", "be.tarsos..", "org.nd4j..", "io.vertx..");

  /** The shared argument check is a leaf every package may use. */
  static final ArchRule checkIsALeaf = noClasses().that().resideInAPackage("org.acmasr.check..")
      .should().dependOnClassesThat().resideInAnyPackage("org.acmasr.audio..", "org.acmasr.features..",
          "org.acmasr.model..", "org.acmasr.decode..", "org.acmasr.engine..", "org.acmasr.config..",
          "org.acmasr.server..", "org.acmasr.kafka..", "org.acmasr.train..", "org.acmasr.cli..");

  static final ArchRule decodeWorksOnPlainArrays = noClasses().that().resideInAPackage("org.acmasr.decode..")
      .should().dependOnClassesThat().resideInAnyPackage("org.nd4j..", "org.acmasr.model..", "org.acmasr.features..",
          "org.acmasr.audio..");

  static final ArchRule trainNeverSeesServer = noClasses().that().resideInAPackage("org.acmasr.train..")
      .should().dependOnClassesThat().resideInAnyPackage("org.acmasr.server..", "org.acmasr.kafka..",
          "org.acmasr.config..", "io.vertx..");

  /** The same classes run on nd4j-native and on nd4j-cuda-11.6 (-Pcuda): nothing names one backend. */
  static final ArchRule backendNeutral = noClasses().that().resideInAPackage("org.acmasr..")
      .should().dependOnClassesThat().resideInAnyPackage("org.nd4j.linalg.cpu..", "org.nd4j.linalg.jcublas..",
          "org.nd4j.nativeblas.cpu..", "org.bytedeco.openblas..", "org.bytedeco.cuda..");

  static final ArchRule onlyCliExits = noClasses().that().resideOutsideOfPackage("org.acmasr.cli..")
      .should().callMethod(System.class, "exit", int.class)
      .orShould().callMethod(Runtime.class, "halt", int.class);

  @Test
  void packagesDependOneWay() {
    layers.check(CLASSES);
  }

  @Test
  void audioIsSelfContained() {
    audioIsSelfContained.check(CLASSES);
  }

  @Test
  void checkIsALeaf() {
    checkIsALeaf.check(CLASSES);
  }

  @Test
  void decodeWorksOnPlainArrays() {
    decodeWorksOnPlainArrays.check(CLASSES);
  }

  @Test
  void trainNeverSeesServer() {
    trainNeverSeesServer.check(CLASSES);
  }

  @Test
  void modelCodeIsBackendNeutral() {
    backendNeutral.check(CLASSES);
  }

  @Test
  void onlyCliExits() {
    onlyCliExits.check(CLASSES);
  }

  @Test
  void theRulesCanFail() {
    // A deliberately false rule must be reported, proving the checks above are live.
    ArchRule bogus = noClasses().that().resideInAPackage("org.acmasr.cli..").should().callMethod(System.class,
        "exit", int.class);
    org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, () -> bogus.check(CLASSES));
  }
}
