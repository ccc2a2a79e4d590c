package dev.connectorjobs.api;

import dev.connectorjobs.common.tracing.JobTraces;
import io.micrometer.tracing.Tracer;
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
    JobTraces jobTraces(ObjectProvider<Tracer> tracer) {
        return new JobTraces(tracer.getIfAvailable(() -> Tracer.NOOP));
    }
}
