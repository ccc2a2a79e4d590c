package dev.connectorjobs.worker;

import java.time.Clock;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Beans shared by the worker's features. */
@Configuration(proxyBeanMethods = false)
class WorkerConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
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
