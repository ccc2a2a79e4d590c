package dev.connectorjobs.worker.connector.kit;

import static dev.connectorjobs.worker.connector.FakeJobContext.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.connectorjobs.model.catalog.DeviceConnectors;
import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.connector.FakeJobContext;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Params} and the shared wording of {@link ConnectorErrors}. */
class ParamsTest {

    private static FakeJobContext job() {
        return aJob("intune", "sync_device");
    }

    private static ConnectorException invalid(FakeJobContext job, java.util.function.Consumer<Params> read) {
        ConnectorException failure = catchThrowableOfType(ConnectorException.class, () -> read.accept(Params.of(job)));
        assertThat(failure.errorType()).isEqualTo("InvalidRequest");
        assertThat(failure.isRetryable()).isFalse();
        return failure;
    }

    @Test
    void a_required_string_is_read_and_a_missing_or_blank_one_is_an_invalid_request_naming_it() {
        assertThat(Params.of(job().param("device_id", "d-1")).string("device_id"))
                .isEqualTo("d-1");

        assertThat(invalid(job(), p -> p.string("device_id")).getMessage())
                .isEqualTo("intune: device_id is required and must be a non-empty string");
        assertThat(invalid(job().param("device_id", "  "), p -> p.string("device_id"))
                        .getMessage())
                .contains("device_id is required");
        assertThat(invalid(job().param("device_id", 42), p -> p.string("device_id"))
                        .getMessage())
                .isEqualTo("intune: device_id must be a string");
    }

    @Test
    void an_optional_string_is_empty_when_absent_or_blank() {
        assertThat(Params.of(job()).optionalString("filter")).isEmpty();
        assertThat(Params.of(job().param("filter", "")).optionalString("filter"))
                .isEmpty();
        assertThat(Params.of(job().param("filter", "os eq 'iOS'")).optionalString("filter"))
                .contains("os eq 'iOS'");
    }

    @Test
    void one_of_returns_the_allowed_spelling_and_names_the_choices_otherwise() {
        List<String> kinds = List.of("users", "devices");

        assertThat(Params.of(job().param("kind", "Devices")).oneOf("kind", kinds))
                .contains("devices");
        assertThat(Params.of(job()).oneOf("kind", kinds)).isEmpty();
        assertThat(invalid(job().param("kind", "groups"), p -> p.oneOf("kind", kinds))
                        .getMessage())
                .isEqualTo("intune: kind must be one of users, devices; was 'groups'");
    }

    @Test
    void an_integer_accepts_whole_numbers_of_any_json_type_and_refuses_fractions() {
        assertThat(Params.of(job()).integer("max_assets", 500)).isEqualTo(500);
        assertThat(Params.of(job().param("max_assets", 7)).integer("max_assets", 500))
                .isEqualTo(7);
        assertThat(Params.of(job().param("max_assets", 7L)).integer("max_assets", 500))
                .isEqualTo(7);
        assertThat(Params.of(job().param("max_assets", 7.0)).integer("max_assets", 500))
                .isEqualTo(7);

        assertThat(invalid(job().param("max_assets", 7.5), p -> p.integer("max_assets", 1))
                        .getMessage())
                .isEqualTo("intune: max_assets must be an integer");
        invalid(job().param("max_assets", "7"), p -> p.integer("max_assets", 1));
    }

    @Test
    void a_boolean_must_be_true_or_false() {
        assertThat(Params.of(job()).bool("publish", false)).isFalse();
        assertThat(Params.of(job().param("publish", true)).bool("publish", false))
                .isTrue();

        assertThat(invalid(job().param("publish", "yes"), p -> p.bool("publish", false))
                        .getMessage())
                .contains("publish must be true or false");
    }

    @Test
    void a_list_of_strings_is_read_whole_and_refused_if_one_item_is_not_a_string() {
        assertThat(Params.of(job()).strings("labels")).isEmpty();
        assertThat(Params.of(job().param("labels", List.of("a", "b"))).strings("labels"))
                .containsExactly("a", "b");

        assertThat(invalid(job().param("labels", Arrays.asList("a", 1)), p -> p.strings("labels"))
                        .getMessage())
                .contains("labels must be a list of strings");
        invalid(job().param("labels", "a"), p -> p.strings("labels"));
    }

    @Test
    void not_configured_names_the_property_and_its_environment_variable() {
        ConnectorException failure =
                ConnectorErrors.notConfigured(DeviceConnectors.INTUNE, "auth.client-id", "the app's client id");

        assertThat(failure.errorType()).isEqualTo("ConnectorNotConfigured");
        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure.getMessage())
                .isEqualTo("intune is not configured: set jobs.connectors.intune.auth.client-id (environment"
                        + " JOBS_CONNECTORS_INTUNE_AUTH_CLIENT_ID) to the app's client id on the workers that run it");
    }

    @Test
    void unknown_operation_lists_the_operations_the_connector_has() {
        ConnectorException failure = ConnectorErrors.unknownOperation(DeviceConnectors.INTUNE, "wipe_device");

        assertThat(failure.errorType()).isEqualTo("UnknownOperation");
        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure.getMessage())
                .startsWith("intune has no operation 'wipe_device'; it has: ")
                .contains("test_connection", "fetch_assets");
    }

    @Test
    void the_environment_name_of_a_property_is_the_one_spring_binds() {
        assertThat(ConnectorErrors.environmentName("jobs.connectors.entra-id.auth.client-id"))
                .isEqualTo("JOBS_CONNECTORS_ENTRA_ID_AUTH_CLIENT_ID");
    }

    @Test
    void a_list_of_integers_is_read_and_anything_else_is_an_invalid_request_naming_it() {
        assertThat(Params.of(job().param("ids", List.of(4, 9L))).integers("ids"))
                .containsExactly(4L, 9L);
        assertThat(Params.of(job()).integers("ids")).isEmpty();

        assertThat(invalid(job().param("ids", List.of(4, "9")), p -> p.integers("ids"))
                        .getMessage())
                .isEqualTo("intune: ids must be a list of integers");
        assertThat(invalid(job().param("ids", List.of(1.5)), p -> p.integers("ids"))
                        .getMessage())
                .contains("ids must be a list of integers");
        assertThat(invalid(job().param("ids", 4), p -> p.integers("ids")).getMessage())
                .contains("ids must be a list of integers");
    }
}
