package dev.connectorjobs.model;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** shared-model is the contract between services: the JDK, Jackson annotations and JSpecify only. */
@AnalyzeClasses(packages = "dev.connectorjobs.model", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule depends_on_nothing_but_the_jdk_and_annotations = classes()
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage(
                    "dev.connectorjobs.model..",
                    "java..",
                    "com.fasterxml.jackson.annotation..",
                    "org.jspecify.annotations..");

    /** Each part of the contract (job, dispatch, catalog, ...) may use others only one way. */
    @ArchTest
    static final ArchRule contract_packages_are_free_of_cycles =
            slices().matching("dev.connectorjobs.model.(*)..").should().beFreeOfCycles();
}
