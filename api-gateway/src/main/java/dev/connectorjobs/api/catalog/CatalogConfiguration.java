package dev.connectorjobs.api.catalog;

import dev.connectorjobs.model.catalog.BuiltInConnectors;
import dev.connectorjobs.model.catalog.ConnectorCatalog;
import dev.connectorjobs.model.catalog.ConnectorDescriptor;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The catalogue of connectors this deployment accepts jobs for: every built-in connector whose
 * {@code jobs.connectors.<name>.enabled} is not {@code false}. Workers read the same property, so a
 * disabled connector is rejected at submission instead of failing on a worker.
 */
@Configuration(proxyBeanMethods = false)
class CatalogConfiguration {

    @Bean
    ConnectorCatalog connectorCatalog(Environment environment) {
        List<ConnectorDescriptor> enabled = BuiltInConnectors.all().stream()
                .filter(d -> environment.getProperty("jobs.connectors." + d.name() + ".enabled", Boolean.class, true))
                .toList();
        return ConnectorCatalog.of(enabled);
    }
}
