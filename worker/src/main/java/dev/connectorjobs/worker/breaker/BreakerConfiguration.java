package dev.connectorjobs.worker.breaker;

import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Breaker metrics: state, calls by outcome, rejected calls, failure rate, tagged with the breaker
 * name ({@code resilience4j_circuitbreaker_*}). There is deliberately no health indicator: an open
 * breaker means an external service is down, not this worker, and must never fail its liveness or
 * readiness.
 */
@Configuration(proxyBeanMethods = false)
class BreakerConfiguration {

    @Bean
    MeterBinder circuitBreakerMetrics(BreakerRegistry breakers) {
        return TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers.circuitBreakerRegistry());
    }
}
