package dev.connectorjobs.worker.http;

import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Retry metrics per service ({@code resilience4j_retry_calls}, tagged with the service name). */
@Configuration(proxyBeanMethods = false)
class HttpConfiguration {

    @Bean
    MeterBinder httpRetryMetrics(ServiceHttpClients clients) {
        return TaggedRetryMetrics.ofRetryRegistry(clients.retryRegistry());
    }
}
