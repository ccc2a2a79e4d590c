package dev.connectorjobs.api;

import dev.connectorjobs.common.tracing.JobTraces;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Beans shared by the features of the API service. */
@Configuration(proxyBeanMethods = false)
class ApiConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** The job's spans on Boot's tracer (OpenTelemetry); no-op spans where tracing is turned off. */
    @Bean
    JobTraces jobTraces(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        return new JobTraces(
                tracer.getIfAvailable(() -> Tracer.NOOP), propagator.getIfAvailable(() -> Propagator.NOOP));
    }
}
