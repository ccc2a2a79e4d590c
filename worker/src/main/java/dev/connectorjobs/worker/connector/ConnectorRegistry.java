package dev.connectorjobs.worker.connector;

import dev.connectorjobs.model.catalog.BuiltInConnectors;
import dev.connectorjobs.model.catalog.ConnectorDescriptor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The connectors this worker runs: every {@link Connector} bean whose {@code
 * jobs.connectors.<name>.enabled} is not {@code false} (bound, so {@code external-api} and {@code
 * external_api} spell the same property, as on the api-gateway). At start-up it checks each against the
 * catalogue, so the API never accepts a job that a worker would run differently.
 */
@Component
public final class ConnectorRegistry {

    private final Map<String, Connector> connectors;

    ConnectorRegistry(List<Connector> beans, Environment environment) {
        Binder binder = Binder.get(environment);
        Map<String, ConnectorDescriptor> declared = new LinkedHashMap<>();
        BuiltInConnectors.all().forEach(d -> declared.put(d.name(), d));
        Map<String, Connector> byName = new LinkedHashMap<>();
        for (Connector connector : beans) {
            ConnectorDescriptor descriptor = connector.descriptor();
            String name = descriptor.name();
            if (!descriptor.equals(declared.get(name))) {
                throw new IllegalStateException(
                        "Connector '" + name + "' (" + connector.getClass().getName()
                                + ") does not match its declaration in the connector catalogue; declare it in"
                                + " BuiltInConnectors and return that descriptor");
            }
            if (binder.bind(descriptor.propertyPrefix() + ".enabled", Boolean.class)
                            .orElse(true)
                    && byName.put(name, connector) != null) {
                throw new IllegalStateException("Two connector beans are named '" + name + "'");
            }
        }
        this.connectors = Map.copyOf(byName);
    }

    /** The enabled connector called {@code name}. */
    public Optional<Connector> connector(String name) {
        return Optional.ofNullable(connectors.get(name));
    }
}
