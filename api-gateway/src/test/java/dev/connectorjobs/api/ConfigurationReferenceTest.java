package dev.connectorjobs.api;

import static dev.connectorjobs.testing.ConfigurationReference.documents;
import static dev.connectorjobs.testing.ConfigurationReference.unquoted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.connectorjobs.testing.ConfigurationMetadata;
import dev.connectorjobs.testing.ConfigurationMetadata.Property;
import dev.connectorjobs.testing.ConfigurationReference;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/configuration.md} against the api-gateway's configuration metadata: every {@code
 * jobs.*} property the api-gateway binds is documented there with the default the code has, and
 * nothing is documented under the api-gateway's prefixes that the code does not have.
 */
class ConfigurationReferenceTest {

    private static final Path REFERENCE = ConfigurationReference.FILE;

    /** Prefixes that only the api-gateway binds; the worker's rows are checked by the worker. */
    private static final List<String> API_PREFIXES = List.of("jobs.api.", "jobs.security.");

    private static List<Property> metadata;

    /** Table rows by their first cell, a property name; the other cells in order. */
    private static Map<String, List<String>> rows;

    @BeforeAll
    static void read() {
        metadata = ConfigurationMetadata.jobsProperties(ApiGatewayApplication.class);
        rows = ConfigurationReference.read().rows();
    }

    @Test
    void the_metadata_holds_every_bound_record_of_the_api_gateway() {
        assertThat(metadata)
                .extracting(Property::name)
                .contains(
                        "jobs.api.retention.finished-jobs",
                        "jobs.api.default-queue",
                        "jobs.api.worker-stale-after",
                        "jobs.api.dispatch.sweep-interval",
                        "jobs.api.reaper.interval",
                        "jobs.api.breakers.ack-timeout",
                        "jobs.security.key-cache-ttl",
                        "jobs.connectors.external-api.enabled");
    }

    @Test
    void every_property_has_a_description_from_its_javadoc() {
        assertThat(metadata)
                .allSatisfy(property -> assertThat(property.description())
                        .as("description of %s (an @param of its record)", property.name())
                        .isNotBlank());
    }

    @Test
    void every_property_of_the_api_gateway_is_documented_with_its_default() {
        assertThat(metadata).filteredOn(p -> !p.deprecated()).allSatisfy(property -> {
            Optional<List<String>> row = rowOf(property.name());
            assertThat(row)
                    .as("%s is not in %s; add a row for it", property.name(), REFERENCE)
                    .isPresent();
            assertThat(unquoted(row.orElseThrow().get(1)))
                    .as("default of %s in %s", property.name(), REFERENCE)
                    .isEqualTo(property.defaultValue().orElse("–"));
        });
    }

    @Test
    void every_renamed_property_is_documented_with_its_new_name() {
        assertThat(metadata).filteredOn(Property::deprecated).isNotEmpty().allSatisfy(property -> {
            assertThat(rows).containsKey(property.name());
            assertThat(unquoted(rows.get(property.name()).get(0)))
                    .as("new name of %s", property.name())
                    .isEqualTo(property.replacement().orElseThrow());
        });
    }

    @Test
    void nothing_is_documented_under_the_api_gateway_s_prefixes_that_it_does_not_bind() {
        assertThat(rows.keySet())
                .filteredOn(name -> API_PREFIXES.stream().anyMatch(name::startsWith)
                        || name.matches("jobs\\.connectors\\.[^.]+\\.enabled"))
                .allSatisfy(name -> assertThat(metadata)
                        .as("%s is documented but the api-gateway has no such property", name)
                        .anyMatch(p -> documents(name, p.name())));
    }

    @Test
    void every_environment_variable_is_the_relaxed_form_of_its_property() {
        rows.forEach((name, cells) -> {
            if (cells.size() == 4) {
                String variable =
                        name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
                assertThat(cells.get(0)).as("environment variable of %s", name).contains("`" + variable + "`");
            }
        });
    }

    @Test
    void retention_comes_first() {
        assertThat(rows.keySet()).first().asString().startsWith("jobs.api.retention.");
    }

    private static Optional<List<String>> rowOf(String property) {
        return rows.entrySet().stream()
                .filter(row -> documents(row.getKey(), property))
                .map(Map.Entry::getValue)
                .findFirst();
    }
}
