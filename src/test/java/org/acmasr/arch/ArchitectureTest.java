package org.acmasr.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.properties.HasOwner;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import org.acmasr.budget.Budget;
import org.acmasr.engine.Engine;
import org.acmasr.engine.Recognizer;
import org.acmasr.engine.RecognizerStream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * The package rules of the architecture: data flows one way
 * (audio → features → model/decode → engine → config → server | kafka; train beside them; cli on top), with
 * the compute budget ({@code budget}) beneath them all. The command line builds the one {@link Engine}
 * and hands it to the two front doors, server and kafka, which are siblings: neither sees the other,
 * neither builds an engine or runs the model on its own threads.
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
      .layer("budget").definedBy("org.acmasr.budget..")
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
      // server and kafka reach the model only through the engine (a budget is a value, not model code).
      .whereLayer("budget").mayOnlyBeAccessedByLayers("model", "engine", "config", "server", "kafka", "train", "cli")
      .whereLayer("model").mayOnlyBeAccessedByLayers("engine", "train", "cli")
      // kafka reads the engine's result types, whose words are decode.Word records.
      .whereLayer("decode").mayOnlyBeAccessedByLayers("engine", "kafka", "train", "cli")
      .whereLayer("features").mayOnlyBeAccessedByLayers("model", "engine", "config", "train", "server", "kafka", "cli")
      .whereLayer("audio").mayOnlyBeAccessedByLayers("features", "engine", "train", "server", "kafka", "cli");

  /** The budget type is the bottom of the graph: it depends on no other package of the project. */
  static final ArchRule budgetIsSelfContained = noClasses().that().resideInAPackage("org.acmasr.budget..")
      .should().dependOnClassesThat().resideInAnyPackage("org.acmasr.audio..", "org.acmasr.features..",
          "org.acmasr.model..", "org.acmasr.decode..", "org.acmasr.engine..", "org.acmasr.server..",
          "org.acmasr.kafka..", "org.acmasr.train..", "org.acmasr.cli..");

  /** The two front doors are siblings on one engine: neither depends on the other. */
  static final ArchRule serverNeverSeesKafka = noClasses().that().resideInAPackage("org.acmasr.server..")
      .should().dependOnClassesThat().resideInAPackage("org.acmasr.kafka..");

  static final ArchRule kafkaNeverSeesServer = noClasses().that().resideInAPackage("org.acmasr.kafka..")
      .should().dependOnClassesThat().resideInAPackage("org.acmasr.server..");

  /** Only the command line builds the engine room (the engine package wraps itself). */
  static final ArchRule onlyCliBuildsTheEngine = noClasses()
      .that().resideOutsideOfPackages("org.acmasr.cli..", "org.acmasr.engine..")
      .should().callConstructorWhere(JavaCall.Predicates.target(HasOwner.Predicates.With.owner(
          JavaClass.Predicates.equivalentTo(Engine.class))));

  /**
   * The front doors never run the model on their own threads (a Vert.x event loop, the Kafka poll
   * loop): no synchronous transcription or decode, and no unscheduled {@link RecognizerStream}; only
   * the engine's scheduled streams and its {@code transcribe}.
   */
  static final ArchRule frontDoorsNeverRunTheModel = noClasses()
      .that().resideInAnyPackage("org.acmasr.server..", "org.acmasr.kafka..")
      .should().callMethod(Recognizer.class, "transcribe", float[].class, Budget.Fixed.class)
      .orShould().callMethod(Recognizer.class, "decode", List.class)
      .orShould().dependOnClassesThat().belongToAnyOf(RecognizerStream.class);

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

  /**
   * The same classes run on nd4j-native and on nd4j-cuda-11.6 (-Pcuda): nothing names one backend (the CPU
   * backend's direct OpenBLAS gemm, {@code model.Blas}, finds it at run time, on that backend only).
   */
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
  void budgetIsSelfContained() {
    budgetIsSelfContained.check(CLASSES);
  }

  @Test
  void serverAndKafkaAreSiblings() {
    serverNeverSeesKafka.check(CLASSES);
    kafkaNeverSeesServer.check(CLASSES);
  }

  @Test
  void onlyCliBuildsTheEngine() {
    onlyCliBuildsTheEngine.check(CLASSES);
  }

  @Test
  void frontDoorsNeverRunTheModel() {
    frontDoorsNeverRunTheModel.check(CLASSES);
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
    // Deliberately false rules must be reported, proving the checks above are live (and their
    // predicates match what they mean to: cli does build engines and does transcribe on its thread).
    ArchRule bogus = noClasses().that().resideInAPackage("org.acmasr.cli..").should().callMethod(System.class,
        "exit", int.class);
    Assertions.assertThrows(AssertionError.class, () -> bogus.check(CLASSES));
    ArchRule cliBuildsNoEngine = noClasses().that().resideInAPackage("org.acmasr.cli..")
        .should().callConstructorWhere(JavaCall.Predicates.target(HasOwner.Predicates.With.owner(
            JavaClass.Predicates.equivalentTo(Engine.class))));
    Assertions.assertThrows(AssertionError.class, () -> cliBuildsNoEngine.check(CLASSES));
    ArchRule cliNeverTranscribes = noClasses().that().resideInAPackage("org.acmasr.cli..")
        .should().callMethod(Recognizer.class, "transcribe", float[].class, Budget.Fixed.class);
    Assertions.assertThrows(AssertionError.class, () -> cliNeverTranscribes.check(CLASSES));
  }
}
