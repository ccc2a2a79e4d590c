package dev.connectorjobs.api.catalog;

import dev.connectorjobs.model.catalog.BuiltInConnectors;
import dev.connectorjobs.model.catalog.ConnectorCatalog;
import dev.connectorjobs.model.catalog.ConnectorDescriptor;
import java.util.List;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The catalogue of connectors this deployment accepts jobs for: every built-in connector whose
 * {@code jobs.connectors.<name>.enabled} is not {@code false}. Workers read the same property, so a
 * disabled connector is rejected at submission instead of failing on a worker. The property of
 * each built-in connector is listed in {@code additional-spring-configuration-metadata.json}.
 */
@Configuration(proxyBeanMethods = false)
class CatalogConfiguration {

    @Bean
    ConnectorCatalog connectorCatalog(Environment environment) {
        Binder binder = Binder.get(environment);
        List<ConnectorDescriptor> enabled = BuiltInConnectors.all().stream()
                .filter(d -> binder.bind(enabledProperty(d), Boolean.class).orElse(true))
                .toList();
        return ConnectorCatalog.of(enabled);
    }

    /** {@code jobs.connectors.<name>.enabled}, e.g. {@code jobs.connectors.external-api.enabled}. */
    static String enabledProperty(ConnectorDescriptor connector) {
        return connector.propertyPrefix() + ".enabled";
    }
}
