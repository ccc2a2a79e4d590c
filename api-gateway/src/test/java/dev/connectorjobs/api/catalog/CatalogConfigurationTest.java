package dev.connectorjobs.api.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectorjobs.api.ApiGatewayApplication;
import dev.connectorjobs.model.catalog.BuiltInConnectors;
import dev.connectorjobs.model.catalog.ConnectorDescriptor;
import dev.connectorjobs.testing.ConfigurationMetadata;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class CatalogConfigurationTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "jobs.connectors.external-api.enabled",
                "jobs.connectors.external_api.enabled",
                "jobs.connectors.externalApi.enabled"
            })
    void a_connector_is_disabled_under_every_spelling_of_its_name(String property) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", Map.of(property, "false")));

        assertThat(catalogNames(environment)).doesNotContain("external_api").contains("diagnostics");
    }

    @ParameterizedTest
    @ValueSource(strings = {"JOBS_CONNECTORS_EXTERNAL_API_ENABLED", "JOBS_CONNECTORS_EXTERNALAPI_ENABLED"})
    void a_connector_is_disabled_by_its_environment_variable(String variable) {
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .replace(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        new SystemEnvironmentPropertySource(
                                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                                Map.of(variable, "false")));

        assertThat(catalogNames(environment)).doesNotContain("external_api").contains("diagnostics");
    }

    @Test
    void every_built_in_connector_is_enabled_unless_configured_otherwise() {
        assertThat(catalogNames(new StandardEnvironment()))
                .containsExactlyInAnyOrderElementsOf(BuiltInConnectors.all().stream()
                        .map(ConnectorDescriptor::name)
                        .toList());
    }

    @Test
    void the_enabled_property_of_every_built_in_connector_is_in_the_configuration_metadata() {
        assertThat(ConfigurationMetadata.jobsProperties(ApiGatewayApplication.class))
                .extracting(ConfigurationMetadata.Property::name)
                .filteredOn(name -> name.startsWith("jobs.connectors."))
                .containsExactlyInAnyOrderElementsOf(BuiltInConnectors.all().stream()
                        .map(CatalogConfiguration::enabledProperty)
                        .toList());
    }

    private static java.util.List<String> catalogNames(StandardEnvironment environment) {
        return new CatalogConfiguration()
                .connectorCatalog(environment).connectors().stream()
                        .map(ConnectorDescriptor::name)
                        .toList();
    }
}
