package dev.connectorjobs.common;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** common serves both services and depends on neither; its group commit needs nothing but the JDK. */
@AnalyzeClasses(packages = "dev.connectorjobs.common", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule the_group_commit_depends_on_nothing_but_the_jdk = classes()
            .that()
            .resideInAPackage("dev.connectorjobs.common.batch..")
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage("dev.connectorjobs.common.batch..", "java..", "org.jspecify.annotations..");

    @ArchTest
    static final ArchRule common_depends_on_the_jdk_spring_data_access_exceptions_and_micrometer_only = classes()
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage(
                    "dev.connectorjobs.common..",
                    "java..",
                    "org.jspecify.annotations..",
                    "org.springframework.dao..",
                    "org.springframework.transaction..",
                    "io.micrometer.core.instrument..",
                    "io.micrometer.tracing..");

    /** Each package of common may use the others only one way. */
    @ArchTest
    static final ArchRule packages_are_free_of_cycles =
            slices().matching("dev.connectorjobs.common.(*)..").should().beFreeOfCycles();
}
