package dev.connectorjobs.worker.connector.externalapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.connectorjobs.worker.attempt.ConnectorException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestPathTest {

    private static final URI BASE = URI.create("https://itsm.example.com:8443/api/");

    /** Attack strings, each with what the rejection must name. */
    static Stream<Arguments> attacks() {
        return Stream.of(
                arguments("/a/../admin", "'..' segments"),
                arguments("/..", "'..' segments"),
                arguments("/a/./b", "'..' segments"),
                arguments("/a/.", "'..' segments"),
                arguments("/a/%2e%2e/admin", "'..' segments"),
                arguments("/a/%2E%2E/admin", "'..' segments"),
                arguments("/a/.%2E/admin", "'..' segments"),
                arguments("/a/%2e./admin", "'..' segments"),
                arguments("/a/%2e/admin", "'..' segments"),
                arguments("/a/%252e%252e/admin", "'..' segments"),
                arguments("/a/%25252E%25252e/admin", "'..' segments"),
                arguments("/a;jsessionid=x/b", "';' path parameters"),
                arguments("/a/..;/admin", "';' path parameters"),
                arguments("/a%3b/b", "';' path parameters"),
                arguments("/a%2Fb", "encoded slashes"),
                arguments("/a%2f..%2fadmin", "encoded slashes"),
                arguments("/a%252fb", "encoded slashes"),
                arguments("/a%5cb", "encoded slashes"),
                arguments("/a%5C..%5Cadmin", "encoded slashes"),
                arguments("/a\\b", "backslashes"),
                arguments("/a\\..\\admin", "backslashes"),
                arguments("/a\0b", "control characters"),
                arguments("/a%00b", "control characters"),
                arguments("/a%2500b", "control characters"),
                arguments("/a\r\nHost: evil", "control characters"),
                arguments("/a%0d%0aHost:%20evil", "control characters"),
                arguments("/a\tb", "control characters"),
                arguments("/a%7fb", "control characters"),
                arguments("//evil.example.com/x", "'//'"),
                arguments("/a//b", "'//'"),
                arguments("http://evil.example.com/x", "scheme or host"),
                arguments("http:/x", "scheme or host"),
                arguments("evil.example.com/x", "scheme or host"),
                arguments("/a?token=x", "put query parameters in 'query'"),
                arguments("/a#frag", "put query parameters in 'query'"),
                arguments("/a b", "percent-encode"),
                arguments("/a%zzb", "percent-encode"),
                arguments("/ünï", "percent-encode"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void a_path_that_could_leave_the_base_urls_path_is_rejected_saying_why(String path, String reason) {
        ConnectorException rejected = catchThrowableOfType(ConnectorException.class, () -> RequestPath.check(path));

        assertThat(rejected).as("rejected").isNotNull();
        assertThat(rejected.errorType()).isEqualTo("InvalidRequest");
        assertThat(rejected.isRetryable()).isFalse();
        assertThat(rejected.getMessage()).startsWith("external_api: path ").contains(reason);
    }

    @Test
    void a_rejection_says_what_to_send_instead_and_quotes_the_path_printably() {
        ConnectorException rejected =
                catchThrowableOfType(ConnectorException.class, () -> RequestPath.check("/a/%2e%2e/\0admin"));

        assertThat(rejected.getMessage())
                .contains("send the path as resolved, e.g. /a/c instead of /a/b/../c")
                .endsWith("was '/a/%2e%2e/?admin'");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/api/now/table/incident",
                "/",
                "/hooks/deploy/",
                "/files/annual%20report.pdf",
                "/files/100%25%20done",
                "/hooks/deploy/%E2%9C%93",
                "/v1/items:batchGet",
                "/a/.../b",
                "/a/..b/.c/d.",
                "/users/jane.doe@example.com",
                "/a/b~c/d_e-f/$x/!y/*z/(1)/'2'/+3/,4/=5/&6"
            })
    void ordinary_paths_are_accepted(String path) {
        assertThatCode(() -> RequestPath.check(path)).doesNotThrowAnyException();
    }

    @Test
    void the_path_is_appended_to_the_base_urls_path_as_sent_with_the_query_added() {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("sysparm_query", "active=true^priority=1");
        query.put("sysparm_limit", "5");

        URI uri = RequestPath.resolve(BASE, "/now/table/incident", query);

        assertThat(uri.getHost()).isEqualTo("itsm.example.com");
        assertThat(uri.getPort()).isEqualTo(8443);
        assertThat(uri.getRawPath()).isEqualTo("/api/now/table/incident");
        assertThat(uri.getQuery()).isEqualTo("sysparm_query=active=true^priority=1&sysparm_limit=5");
    }

    @Test
    void encoded_characters_in_the_path_are_sent_as_they_are() {
        assertThat(RequestPath.resolve(BASE, "/files/annual%20report%E2%9C%93.pdf", Map.of())
                        .getRawPath())
                .isEqualTo("/api/files/annual%20report%E2%9C%93.pdf");
    }

    @Test
    void a_base_url_without_a_path_takes_any_checked_path() {
        URI uri = RequestPath.resolve(URI.create("http://127.0.0.1:9999"), "/status", Map.of());

        assertThat(uri).isEqualTo(URI.create("http://127.0.0.1:9999/status"));
    }

    @Test
    void a_resolved_url_that_would_climb_out_of_the_base_path_is_rejected_even_unchecked() {
        ConnectorException rejected =
                catchThrowableOfType(ConnectorException.class, () -> RequestPath.resolve(BASE, "/../admin", Map.of()));

        assertThat(rejected.errorType()).isEqualTo("InvalidRequest");
        assertThat(rejected.getMessage()).contains("would leave the configured base URL's path '/api'");
    }

    @Test
    void a_resolved_url_on_another_host_is_rejected_even_unchecked() {
        ConnectorException rejected = catchThrowableOfType(
                ConnectorException.class,
                () -> RequestPath.resolve(URI.create("https://itsm.example.com"), "@evil.example.com/x", Map.of()));

        assertThat(rejected.getMessage()).contains("would leave the configured base URL");
    }
}
