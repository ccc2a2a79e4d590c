package dev.connectorjobs.worker.connector.jira;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class JiraPropertiesTest {

    static JiraProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("jobs.connectors.jira", Bindable.of(JiraProperties.class));
    }

    @Test
    void without_configuration_there_is_no_site_and_the_documented_defaults() {
        JiraProperties properties = bind(Map.of());

        assertThat(properties.baseUrl()).isNull();
        assertThat(properties.assetsBaseUrl()).isEqualTo(URI.create("https://api.atlassian.com"));
        assertThat(properties.configuredWorkspace()).isEmpty();
        assertThat(properties.auth().isConfigured()).isFalse();
        assertThat(properties.pageSize())
                .isEqualTo(JiraProperties.DEFAULT_PAGE_SIZE)
                .isEqualTo(100);
        assertThat(properties.pageCap()).isEqualTo(JiraProperties.DEFAULT_PAGE_CAP);
    }

    @Test
    void binds_the_documented_property_names() {
        JiraProperties properties = bind(Map.of(
                "jobs.connectors.jira.base-url", "https://acme.atlassian.net",
                "jobs.connectors.jira.assets-base-url", "http://127.0.0.1:8089",
                "jobs.connectors.jira.workspace-id", "f1668d0c-828c-470c-b7d1-8c4f48cd345a",
                "jobs.connectors.jira.auth.username", "me@acme.example",
                "jobs.connectors.jira.auth.token", "t0k3n-value",
                "jobs.connectors.jira.page-size", "250",
                "jobs.connectors.jira.page-cap", "40"));

        assertThat(properties.baseUrl()).isEqualTo(URI.create("https://acme.atlassian.net"));
        assertThat(properties.assetsBaseUrl()).isEqualTo(URI.create("http://127.0.0.1:8089"));
        assertThat(properties.configuredWorkspace()).contains("f1668d0c-828c-470c-b7d1-8c4f48cd345a");
        assertThat(properties.auth().username()).isEqualTo("me@acme.example");
        assertThat(properties.pageSize()).isEqualTo(250);
        assertThat(properties.pageCap()).isEqualTo(40);
    }

    @Test
    void its_text_never_shows_the_credentials() {
        JiraProperties properties = bind(Map.of(
                "jobs.connectors.jira.auth.username", "me@acme.example",
                "jobs.connectors.jira.auth.token", "t0k3n-value"));

        assertThat(properties.toString()).contains("auth=Auth[basic]").doesNotContain("t0k3n-value");
    }

    @Test
    void invalid_values_fail_start_up_naming_the_property() {
        assertThatThrownBy(() -> bind(Map.of("jobs.connectors.jira.page-size", "5000")))
                .rootCause()
                .hasMessageContaining("jobs.connectors.jira.page-size must be between 1 and 1000");
        assertThatThrownBy(() -> bind(Map.of("jobs.connectors.jira.page-cap", "0")))
                .rootCause()
                .hasMessageContaining("jobs.connectors.jira.page-cap");
        assertThatThrownBy(() -> bind(Map.of("jobs.connectors.jira.base-url", "https://me:pw@acme.atlassian.net")))
                .rootCause()
                .hasMessageContaining("must not carry credentials");
        assertThatThrownBy(() -> bind(Map.of("jobs.connectors.jira.workspace-id", "../../admin")))
                .rootCause()
                .hasMessageContaining("jobs.connectors.jira.workspace-id must be a workspace id");
        assertThatThrownBy(() -> bind(Map.of("jobs.connectors.jira.auth.username", "me@acme.example")))
                .rootCause()
                .hasMessageContaining("username and .token go together");
        assertThatThrownBy(() -> bind(Map.of(
                        "jobs.connectors.jira.auth.bearer-token", "b",
                        "jobs.connectors.jira.auth.username", "u",
                        "jobs.connectors.jira.auth.token", "t")))
                .rootCause()
                .hasMessageContaining("configure one way to authenticate");
    }
}
