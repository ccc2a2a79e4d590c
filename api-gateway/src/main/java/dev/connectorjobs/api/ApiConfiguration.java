package dev.connectorjobs.api;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Beans shared by the features of the API service. */
@Configuration(proxyBeanMethods = false)
class ApiConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
