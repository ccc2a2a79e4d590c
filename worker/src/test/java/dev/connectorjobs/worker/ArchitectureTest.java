package dev.connectorjobs.worker;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Package fences of the worker. */
@AnalyzeClasses(packages = "dev.connectorjobs", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule connectors_know_nothing_of_execution_kafka_or_the_database = noClasses()
            .that()
            .resideInAPackage("dev.connectorjobs.worker.connector..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "dev.connectorjobs.worker.execution..",
                    "dev.connectorjobs.worker.consumer..",
                    "dev.connectorjobs.worker.control..",
                    "org.apache.kafka..",
                    "org.springframework.kafka..",
                    "org.springframework.jdbc..");

    @ArchTest
    static final ArchRule the_worker_never_uses_api_gateway_code = noClasses()
            .that()
            .resideInAPackage("dev.connectorjobs.worker..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.connectorjobs.api..");

    /** What an attempt is (context, cancellation, failure type) depends on nothing else of the worker. */
    @ArchTest
    static final ArchRule the_attempt_types_are_the_bottom_of_the_worker = noClasses()
            .that()
            .resideInAPackage("dev.connectorjobs.worker.attempt..")
            .should()
            .dependOnClassesThat(resideInAPackage("dev.connectorjobs.worker..")
                    .and(not(resideInAPackage("dev.connectorjobs.worker.attempt.."))));

    /**
     * Each feature package (with its subpackages) may use others only one way: {@code attempt},
     * {@code config} and {@code control} at the bottom, then {@code breaker} and {@code database},
     * {@code http}, the connectors, then {@code execution}, and {@code consumer} and {@code heartbeat}
     * on top.
     */
    @ArchTest
    static final ArchRule feature_packages_are_free_of_cycles =
            slices().matching("dev.connectorjobs.worker.(*)..").should().beFreeOfCycles();
}
