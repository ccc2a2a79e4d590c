package dev.connectorjobs.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Package fences of the api-gateway. */
@AnalyzeClasses(packages = "dev.connectorjobs", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule the_api_never_uses_worker_code = noClasses()
            .that()
            .resideInAPackage("dev.connectorjobs.api..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.connectorjobs.worker..");

    @ArchTest
    static final ArchRule the_error_model_depends_on_no_feature = noClasses()
            .that()
            .resideInAPackage("dev.connectorjobs.api.web..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.connectorjobs.api.job..", "dev.connectorjobs.api.dispatch..");

    /** Each feature package (with its subpackages) may use others only one way. */
    @ArchTest
    static final ArchRule feature_packages_are_free_of_cycles =
            slices().matching("dev.connectorjobs.api.(*)..").should().beFreeOfCycles();
}
