package dev.connectorjobs.worker.execution;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Beans of the execution feature that are chosen rather than found. */
@Configuration(proxyBeanMethods = false)
class ExecutionConfiguration {

    /** Every job follows {@code jobs.worker.retry.*}; see {@link RetryPolicies}. */
    @Bean
    RetryPolicies retryPolicies(RetryProperties properties) {
        RetryPolicy everyJob = new ExponentialBackoff(properties);
        return job -> everyJob;
    }
}
