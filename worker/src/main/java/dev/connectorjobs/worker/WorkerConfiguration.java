package dev.connectorjobs.worker;

import dev.connectorjobs.common.tracing.JobTraces;
import io.micrometer.tracing.Tracer;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Beans shared by the worker's features. */
@Configuration(proxyBeanMethods = false)
class WorkerConfiguration {

    /** The system clock, unless a test registered its own (settable, skewed) first. */
    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** The job's spans on Boot's tracer (OpenTelemetry); no-op spans where tracing is turned off. */
    @Bean
    JobTraces jobTraces(ObjectProvider<Tracer> tracer) {
        return new JobTraces(tracer.getIfAvailable(() -> Tracer.NOOP));
    }

    /**
     * Workers never change the schema: the api-gateway migrates, workers only check that the
     * database has exactly the migrations this build expects, and refuse to start otherwise.
     */
    @Bean
    FlywayMigrationStrategy validateOnly() {
        return flyway -> flyway.validate();
    }
}
