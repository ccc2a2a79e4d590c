package dev.connectorjobs.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectorjobs.api.ApiGatewayApplication;
import dev.connectorjobs.testing.TestInfrastructure;
import org.junit.jupiter.api.Test;

/** Probes and API documents are open; metrics need a key unless opened on a separate port. */
class ActuatorAccessTest {

    private final SecuredApi api = SecuredApi.get();

    @Test
    void probes_and_api_documents_need_no_key() throws Exception {
        for (String path : new String[] {
            "/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness", "/v3/api-docs"
        }) {
            assertThat(api.json("GET", path, null, null).statusCode()).as(path).isEqualTo(200);
        }
    }

    @Test
    void metrics_need_a_key() throws Exception {
        for (String path : new String[] {"/actuator/prometheus", "/actuator/metrics", "/actuator/info"}) {
            assertThat(api.json("GET", path, null, null).statusCode()).as(path).isEqualTo(401);
            assertThat(api.json("GET", path, TestInfrastructure.ADMIN_KEY, null).statusCode())
                    .as(path)
                    .isEqualTo(200);
        }
    }

    @Test
    void spring_securitys_per_filter_observations_are_off_and_the_requests_own_are_on() throws Exception {
        api.json("GET", "/api/v1/connectors", TestInfrastructure.ADMIN_KEY, null);
        api.json("GET", "/api/v1/connectors", null, null); // refused: the authorization path too

        String scrape = api.json("GET", "/actuator/prometheus", TestInfrastructure.ADMIN_KEY, null)
                .body();

        assertThat(scrape).contains("http_server_requests_seconds_count{");
        assertThat(scrape).doesNotContain("spring_security_");
    }

    @Test
    void anything_not_listed_is_refused_even_with_a_key() throws Exception {
        assertThat(api.json("GET", "/", null, null).statusCode()).isEqualTo(401);
        assertThat(api.json("GET", "/", TestInfrastructure.ADMIN_KEY, null).statusCode())
                .isEqualTo(403);
        assertThat(api.json("GET", "/internal", TestInfrastructure.ADMIN_KEY, null)
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    void open_metrics_on_the_api_port_refuse_to_start() {
        var start = ApiGatewayApplication.application();
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        start.run(TestInfrastructure.springArgs("server.port=0", "jobs.security.open-metrics=true")))
                .hasStackTraceContaining("management.server.port");
    }

    @Test
    void open_metrics_and_probes_on_a_management_port_need_no_key_there() throws Exception {
        SecuredApi separate =
                SecuredApi.named("management-port", "management.server.port=0", "jobs.security.open-metrics=true");
        String managementPort = separate.context.getEnvironment().getProperty("local.management.port", "0");
        var http = java.net.http.HttpClient.newHttpClient();
        var prometheus = http.send(
                java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create("http://127.0.0.1:" + managementPort + "/actuator/prometheus"))
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        var info = http.send(
                java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create("http://127.0.0.1:" + managementPort + "/actuator/info"))
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(prometheus.statusCode()).isEqualTo(200);
        assertThat(info.statusCode()).isEqualTo(401);
        // Kubernetes probes the management port (deploy/base/api-gateway.yaml).
        for (String probe : new String[] {"/actuator/health/liveness", "/actuator/health/readiness"}) {
            var health = http.send(
                    java.net.http.HttpRequest.newBuilder(
                                    java.net.URI.create("http://127.0.0.1:" + managementPort + probe))
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
            assertThat(health.statusCode()).as(probe).isEqualTo(200);
        }
        assertThat(separate.json("GET", "/actuator/prometheus", TestInfrastructure.ADMIN_KEY, null)
                        .statusCode())
                .isEqualTo(403); // the API port serves no actuator endpoints then: refused like any unknown path
    }
}
