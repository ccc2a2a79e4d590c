package dev.connectorjobs.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The three lines of the package Javadoc and the README work as written. */
class ThreeLineExampleTest extends ClientTestSupport {

    @Test
    void the_documented_three_lines_submit_a_job_and_print_its_result() {
        String id = "0195a0b0-0000-7000-8000-000000000042";
        api.stubFor(post("/api/v1/jobs")
                .willReturn(
                        aResponse().withStatus(202).withBody("{\"task_id\":\"" + id + "\",\"status\":\"PENDING\"}")));
        api.stubFor(get(urlPathEqualTo("/api/v1/admin/tasks/" + id + "/status"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(status(id, "SUCCESS"))));
        String baseUrl = api.baseUrl();

        var jobs = ConnectorJobsClient.create(baseUrl, "my-key");
        var task = jobs.submit(JobRequest.of("diagnostics", "echo", Map.of("hello", "world")));
        var result = jobs.await(task.taskId(), Duration.ofMinutes(1)).result();

        assertThat(result).hasToString("{\"hello\":\"world\"}");
    }
}
