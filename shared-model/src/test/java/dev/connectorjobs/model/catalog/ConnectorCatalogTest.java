package dev.connectorjobs.model.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectorCatalogTest {

    private final ConnectorCatalog catalog = ConnectorCatalog.of(List.of(BuiltInConnectors.DIAGNOSTICS));

    @Test
    void a_valid_submission_has_no_errors() {
        assertThat(catalog.validate("diagnostics", "sleep", Map.of("ms", 10))).isEmpty();
        assertThat(catalog.validate("diagnostics", "echo", Map.of("anything", List.of(1, 2))))
                .isEmpty();
        assertThat(catalog.validate("diagnostics", "fail", Map.of("times", -1, "retryable", false)))
                .isEmpty();
    }

    @Test
    void an_unknown_connector_names_the_available_ones() {
        assertThat(catalog.validate("jira", "echo", Map.of())).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("connector");
            assertThat(e.message()).contains("'jira'").contains("diagnostics");
        });
    }

    @Test
    void an_unknown_operation_names_the_available_ones() {
        assertThat(catalog.validate("diagnostics", "explode", Map.of()))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.field()).isEqualTo("operation");
                    assertThat(e.message()).contains("[echo, sleep, fail]");
                });
    }

    @Test
    void missing_wrongly_typed_out_of_range_and_undeclared_params_are_each_reported() {
        assertThat(catalog.validate("diagnostics", "sleep", Map.of()))
                .extracting(FieldError::field)
                .containsExactly("params.ms");
        assertThat(catalog.validate("diagnostics", "sleep", Map.of("ms", "soon")))
                .singleElement()
                .satisfies(e -> assertThat(e.message()).isEqualTo("must be an integer"));
        assertThat(catalog.validate("diagnostics", "sleep", Map.of("ms", -5)))
                .singleElement()
                .satisfies(e -> assertThat(e.message()).isEqualTo("must be at least 0"));
        assertThat(catalog.validate("diagnostics", "sleep", Map.of("ms", 5, "jitter", true)))
                .singleElement()
                .satisfies(e -> assertThat(e.field()).isEqualTo("params.jitter"));
    }

    @Test
    void integers_written_as_whole_floats_are_integers_but_fractions_are_not() {
        assertThat(ParameterType.INTEGER.accepts(3.0)).isTrue();
        assertThat(ParameterType.INTEGER.accepts(3.5)).isFalse();
        assertThat(ParameterType.INTEGER.accepts(Long.MAX_VALUE)).isTrue();
        assertThat(ParameterType.INTEGER.accepts(true)).isFalse();
        assertThat(ParameterType.INTEGER.accepts(Double.POSITIVE_INFINITY)).isFalse();
    }

    @Test
    void a_string_restricted_to_a_set_of_values_takes_them_in_any_case_and_nothing_else() {
        ConnectorCatalog devices = ConnectorCatalog.of(List.of(DeviceConnectors.DEFENDER));
        Map<String, Object> remove = Map.of("machine_id", "m1", "tag", "quarantined", "action", "remove");
        Map<String, Object> delete = Map.of("machine_id", "m1", "tag", "quarantined", "action", "Delete");

        assertThat(devices.validate("defender", "tag_machine", remove)).isEmpty();
        assertThat(devices.validate("defender", "tag_machine", delete))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.field()).isEqualTo("params.action");
                    assertThat(e.message()).isEqualTo("must be one of [Add, Remove]");
                });
    }

    @Test
    void a_list_restricted_to_a_set_of_values_takes_items_among_them_in_any_case_and_nothing_else() {
        ConnectorCatalog scanners = ConnectorCatalog.of(List.of(VulnerabilityConnectors.VULNERABILITY_SCANNER));
        String operation = "fetch_vulnerabilities";

        assertThat(scanners.validate(
                        "vulnerability_scanner", operation, Map.of("severity", List.of("High", "critical"))))
                .isEmpty();
        assertThat(scanners.validate("vulnerability_scanner", operation, Map.of("severity", List.of("high", "urgent"))))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.field()).isEqualTo("params.severity");
                    assertThat(e.message())
                            .isEqualTo("must be a list of values each one of [info, low, medium, high, critical]");
                });
        assertThat(scanners.validate("vulnerability_scanner", operation, Map.of("state", List.of(3))))
                .singleElement()
                .satisfies(e -> assertThat(e.field()).isEqualTo("params.state"));
        assertThat(scanners.validate("vulnerability_scanner", operation, Map.of("severity", "high")))
                .singleElement()
                .satisfies(e -> assertThat(e.message()).isEqualTo("must be a JSON array"));
    }

    @Test
    void only_a_string_or_list_parameter_can_be_restricted_to_a_set_of_values() {
        assertThatThrownBy(() -> ParameterDescriptor.optional("count", ParameterType.INTEGER, "how many")
                        .oneOf("1", "2"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void an_array_of_objects_names_the_first_item_that_is_not_an_object() {
        ConnectorCatalog siem = ConnectorCatalog.of(List.of(SiemConnectors.ELASTIC));
        Map<String, Object> objects = Map.of("index", "events", "documents", List.of(Map.of("a", 1), Map.of()));
        Map<String, Object> mixed =
                Map.of("index", "events", "documents", List.of(Map.of("a", 1), "text", List.of(), 3));

        assertThat(siem.validate("elastic", "bulk_index", objects)).isEmpty();
        assertThat(siem.validate("elastic", "bulk_index", mixed))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.field()).isEqualTo("params.documents[1]");
                    assertThat(e.message()).isEqualTo("must be a JSON object");
                });
    }

    @Test
    void the_bounds_of_an_array_count_its_items() {
        ConnectorCatalog siem = ConnectorCatalog.of(List.of(SiemConnectors.ELASTIC));
        List<Map<String, Object>> tooMany =
                Collections.nCopies(SiemConnectors.MAX_BULK_DOCUMENTS + 1, Map.of("message", "x"));

        assertThat(siem.validate("elastic", "bulk_index", Map.of("index", "events", "documents", List.of())))
                .singleElement()
                .satisfies(e -> assertThat(e.message()).isEqualTo("must have at least 1 item"));
        assertThat(siem.validate("elastic", "bulk_index", Map.of("index", "events", "documents", tooMany)))
                .singleElement()
                .satisfies(e -> assertThat(e.message()).isEqualTo("must have at most 10000 items"));
    }

    @Test
    void a_search_needs_an_index_and_a_query_object_and_caps_max_results() {
        ConnectorCatalog siem = ConnectorCatalog.of(List.of(SiemConnectors.ELASTIC));

        assertThat(siem.validate(
                        "elastic", "search", Map.of("index", "logs-*", "query", Map.of("match_all", Map.of()))))
                .isEmpty();
        assertThat(siem.validate("elastic", "search", Map.of("query", "error")))
                .extracting(FieldError::field)
                .containsExactlyInAnyOrder("params.index", "params.query");
        assertThat(siem.validate(
                        "elastic", "search", Map.of("index", "logs-*", "query", Map.of(), "max_results", 10_001)))
                .singleElement()
                .satisfies(e -> assertThat(e.message()).isEqualTo("must be at most 10000"));
    }

    @Test
    void only_an_array_parameter_has_items() {
        assertThatThrownBy(() -> ParameterDescriptor.optional("name", ParameterType.STRING, "a name")
                        .items(ParameterType.OBJECT))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
