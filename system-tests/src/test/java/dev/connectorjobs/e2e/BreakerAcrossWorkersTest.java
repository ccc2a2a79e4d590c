package dev.connectorjobs.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Two worker processes against one failing service: the breaker opens on both, the API shows both
 * workers' views, and an admin reset closes it on both and says that both applied it.
 */
class BreakerAcrossWorkersTest {

    @RegisterExtension
    final EndToEndSystem system = new EndToEndSystem();

    @Test
    void a_breaker_opens_on_both_worker_processes_and_one_reset_closes_it_on_both() throws Exception {
        WireMockServer service = system.startService(options().dynamicPort());
        service.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(503)));
        ApiClient client = system.startApi("jobs.api.queues=default,fleet", "jobs.api.dispatch.sweep-interval=100ms");
        List<String> workers = List.of("fleet-a", "fleet-b");
        for (String id : workers) {
            system.startWorkerProcess(
                    id,
                    "jobs.worker.queues=fleet",
                    "jobs.worker.heartbeat-interval=1s",
                    "jobs.connectors.external_api.base-url=" + service.baseUrl(),
                    "jobs.http.services.external_api.max-retries=0");
        }
        await().atMost(Duration.ofSeconds(120)).until(() -> {
            JsonNode all = client.get("/api/v1/admin/workers").get("workers");
            int active = 0;
            for (JsonNode w : all) {
                if (workers.contains(w.get("worker_id").asString())
                        && w.get("state").asString().equals("active")) {
                    active++;
                }
            }
            return active == 2;
        });

        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    for (int i = 0; i < 4; i++) {
                        client.submit(
                                "{\"connector\":\"external_api\",\"operation\":\"request\",\"params\":{\"method\":"
                                        + "\"GET\",\"path\":\"/x\"},\"queue\":\"fleet\",\"max_retries\":0}");
                    }
                    return bothAre(client, workers, "open");
                });
        JsonNode view = client.get("/api/v1/admin/health/circuit-breakers/external_api");
        assertThat(view.get("state").asString()).isEqualTo("open");
        assertThat(view.get("workers").propertyNames()).containsAll(workers);

        HttpResponse<String> reset =
                client.send("POST", "/api/v1/admin/health/circuit-breakers/external_api/reset?wait=10", null);

        assertThat(reset.statusCode()).as(reset.body()).isIn(200, 202);
        JsonNode answer = ApiClient.JSON.readTree(reset.body());
        for (String id : workers) {
            assertThat(answer.get("workers").get(id).get("applied").asBoolean())
                    .as(id)
                    .isTrue();
        }
        assertThat(answer.get("workers_applied").asInt()).isGreaterThanOrEqualTo(2);
        System.out.println(
                "MEASURE breaker reset: " + answer.get("workers_applied").asInt() + " of "
                        + answer.get("workers_total").asInt() + " live workers applied it");
        await().atMost(Duration.ofSeconds(10)).until(() -> bothAre(client, workers, "closed"));
    }

    private static boolean bothAre(ApiClient client, List<String> workers, String state) throws Exception {
        JsonNode perWorker =
                client.get("/api/v1/admin/health/circuit-breakers/external_api").get("workers");
        for (String id : workers) {
            JsonNode w = perWorker.get(id);
            if (w == null || !w.get("state").asString().equals(state)) {
                return false;
            }
        }
        return true;
    }
}
