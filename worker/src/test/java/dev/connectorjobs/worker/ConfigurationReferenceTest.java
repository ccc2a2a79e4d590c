package dev.connectorjobs.worker;

import static dev.connectorjobs.testing.ConfigurationReference.unquoted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.connectorjobs.testing.ConfigurationMetadata;
import dev.connectorjobs.testing.ConfigurationMetadata.Property;
import dev.connectorjobs.testing.ConfigurationReference;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/configuration.md} against the worker's configuration metadata: every {@code jobs.*}
 * property the worker binds is documented there with the default the code has, and nothing is
 * documented under the worker's prefixes that the code does not have. The api-gateway's rows are
 * checked by the api-gateway.
 */
class ConfigurationReferenceTest {

    /** Prefixes that only the worker binds; {@code jobs.connectors.<name>.enabled} is the api-gateway's too. */
    private static final List<String> WORKER_PREFIXES =
            List.of("jobs.worker.", "jobs.http.", "jobs.breakers.", "jobs.inventory.", "jobs.connectors.");

    /** {@code jobs.http.defaults.<key>} is documented once, as {@code jobs.http.services.<service>.<key>}. */
    private static final String HTTP_DEFAULTS = "jobs.http.defaults.";

    private static final String HTTP_SERVICE = "jobs.http.services.<service>.";

    private static List<Property> metadata;
    private static ConfigurationReference reference;

    @BeforeAll
    static void read() {
        metadata = ConfigurationMetadata.jobsProperties(WorkerApplication.class);
        reference = ConfigurationReference.read();
    }

    @Test
    void the_metadata_holds_every_bound_record_of_the_worker() {
        assertThat(metadata)
                .extracting(Property::name)
                .contains(
                        "jobs.worker.concurrency",
                        "jobs.worker.remote-cancel-timeout",
                        "jobs.http.defaults.max-retries",
                        "jobs.inventory.max-result-assets",
                        "jobs.connectors.freshservice.page-size",
                        "jobs.connectors.abm.auth.key-id");
    }

    @Test
    void every_property_has_a_description_from_its_javadoc() {
        assertThat(metadata)
                .allSatisfy(property -> assertThat(property.description())
                        .as("description of %s (an @param of its record)", property.name())
                        .isNotBlank());
    }

    @Test
    void every_property_of_the_worker_is_documented_with_its_default() {
        assertThat(metadata).filteredOn(p -> !p.deprecated()).allSatisfy(property -> {
            Optional<List<String>> row = rowOf(property.name());
            assertThat(row)
                    .as("%s is not in %s; add a row for it", property.name(), ConfigurationReference.FILE)
                    .isPresent();
            String documented = unquoted(row.orElseThrow().get(1));
            if (reference.rows().containsKey(property.name())
                    && property.defaultValue().isPresent()) {
                assertThat(documented)
                        .as("default of %s in %s", property.name(), ConfigurationReference.FILE)
                        .isEqualTo(property.defaultValue().get());
            } else if (reference.rows().containsKey(property.name())) {
                assertThat(documented)
                        .as(
                                "%s has no default in the code; document '–', or the default it computes in <...>",
                                property.name())
                        .matches("–.*|.*<[^>]+>.*");
            }
        });
    }

    @Test
    void nothing_is_documented_under_the_worker_s_prefixes_that_it_does_not_bind() {
        assertThat(reference.rows().keySet())
                .filteredOn(name -> WORKER_PREFIXES.stream().anyMatch(name::startsWith))
                .filteredOn(name -> !name.matches("jobs\\.connectors\\.[^.]+\\.enabled"))
                .allSatisfy(name -> assertThat(metadata)
                        .as("%s is documented but the worker has no such property", name)
                        .anyMatch(p -> documents(name, p.name())));
    }

    @Test
    void every_environment_variable_is_the_relaxed_form_of_its_property() {
        reference.rows().forEach((name, cells) -> {
            if (WORKER_PREFIXES.stream().anyMatch(name::startsWith) && !name.contains("<")) {
                String variable =
                        name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
                assertThat(cells.get(0)).as("environment variable of %s", name).contains("`" + variable + "`");
            }
        });
    }

    /** The row of a property, with {@code jobs.http.defaults.*} found as the per-service row. */
    private static Optional<List<String>> rowOf(String property) {
        if (property.startsWith(HTTP_DEFAULTS)) {
            return Optional.ofNullable(reference.rows().get(HTTP_SERVICE + property.substring(HTTP_DEFAULTS.length())));
        }
        return reference.rowOf(property);
    }

    /** Whether row {@code documented} is property {@code name}, an entry of the map {@code name}, or its per-service form. */
    private static boolean documents(String documented, String name) {
        if (ConfigurationReference.documents(documented, name)) {
            return true;
        }
        return documented.startsWith(HTTP_SERVICE)
                && name.equals(HTTP_DEFAULTS + documented.substring(HTTP_SERVICE.length()));
    }
}
