package dev.connectorjobs.worker.connector.externalapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.connectorjobs.worker.attempt.ConnectorException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExternalApiRequestTest {

    private static final ExternalApiProperties PROPERTIES = ExternalApiPropertiesTest.bind(Map.of());

    private static Map<String, Object> params(String method, String path) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("method", method);
        params.put("path", path);
        return params;
    }

    private static ConnectorException rejected(Map<String, Object> params) {
        ConnectorException e =
                catchThrowableOfType(ConnectorException.class, () -> ExternalApiRequest.parse(params, PROPERTIES));
        assertThat(e).as("rejected").isNotNull();
        assertThat(e.errorType()).isEqualTo("InvalidRequest");
        assertThat(e.isRetryable()).isFalse();
        return e;
    }

    @Test
    void a_complete_request_is_read_with_its_query_headers_key_and_body() {
        Map<String, Object> params = params("post", "/hooks/deploy/%E2%9C%93");
        params.put("query", Map.of("dry_run", true, "limit", 5));
        params.put("headers", Map.of("accept", "application/json", "Idempotency-Key", "deploy-42"));
        params.put("body", Map.of("service", "billing", "version", "1.4.2"));

        ExternalApiRequest request = ExternalApiRequest.parse(params, PROPERTIES);

        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/hooks/deploy/%E2%9C%93");
        assertThat(request.query()).containsEntry("dry_run", "true").containsEntry("limit", "5");
        assertThat(request.headers()).containsExactly(Map.entry("accept", "application/json"));
        assertThat(request.idempotencyKey()).isEqualTo("deploy-42");
        assertThat(request.body()).isEqualTo(Map.of("service", "billing", "version", "1.4.2"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://evil.example.com/x",
                "evil.example.com/x",
                "//evil.example.com/x",
                "/a/../admin",
                "/a/%2e%2E/admin",
                "/..",
                "/a/./b",
                "/a%2Fb",
                "/a%5cb",
                "/a?token=x",
                "/a#frag",
                "/a b",
                "/a\\b",
                "/a\r\nHost: evil"
            })
    void paths_that_could_leave_the_configured_service_are_rejected(String path) {
        assertThat(rejected(params("GET", path)).getMessage()).contains("path");
    }

    @Test
    void methods_other_than_the_five_are_rejected() {
        assertThat(rejected(params("TRACE", "/x")).getMessage()).contains("GET, POST, PUT, PATCH, DELETE");
    }

    @Test
    void headers_that_are_not_allowed_are_rejected_naming_the_allowed_ones() {
        for (String header : List.of("Authorization", "Host", "Cookie", "X-Forwarded-For", "X-Correlation-ID")) {
            Map<String, Object> params = params("GET", "/x");
            params.put("headers", Map.of(header, "v"));
            assertThat(rejected(params).getMessage())
                    .contains("header '" + header + "' is not allowed")
                    .contains("Idempotency-Key");
        }
    }

    @Test
    void nested_values_in_query_or_headers_are_rejected() {
        Map<String, Object> params = params("GET", "/x");
        params.put("query", Map.of("filter", Map.of("a", 1)));

        assertThat(rejected(params).getMessage()).contains("query.filter");
    }

    @Test
    void a_get_with_a_body_is_rejected() {
        Map<String, Object> params = params("GET", "/x");
        params.put("body", Map.of("a", 1));

        assertThat(rejected(params).getMessage()).contains("GET request carries no body");
    }

    @Test
    void a_missing_method_or_path_is_rejected() {
        assertThat(rejected(Map.of("path", "/x")).getMessage()).contains("method is required");
        assertThat(rejected(Map.of("method", "GET")).getMessage()).contains("path is required");
    }
}
