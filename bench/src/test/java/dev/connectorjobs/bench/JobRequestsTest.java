package dev.connectorjobs.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connectorjobs.bench.BenchOptions.Operation;
import java.net.URI;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class JobRequestsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void a_single_job_goes_to_the_jobs_endpoint_as_one_diagnostics_submission() {
        JobRequests requests = new JobRequests(Operation.ECHO, 0, false);

        JsonNode body = JSON.readTree(requests.body(7, 1));

        assertThat(requests.endpoint(URI.create("http://127.0.0.1:8080")))
                .isEqualTo(URI.create("http://127.0.0.1:8080/api/v1/jobs"));
        assertThat(body.get("connector").asString()).isEqualTo("diagnostics");
        assertThat(body.get("operation").asString()).isEqualTo("echo");
        assertThat(body.get("params").get("n").asInt()).isEqualTo(7);
    }

    @Test
    void an_http_job_is_an_external_api_get_of_a_path_of_its_own_on_the_configured_service() {
        JobRequests requests = new JobRequests(Operation.HTTP, 0, true);

        JsonNode job = JSON.readTree(requests.body(41, 2)).get("jobs").get(1);

        assertThat(job.get("connector").asString()).isEqualTo("external_api");
        assertThat(job.get("operation").asString()).isEqualTo("request");
        assertThat(job.get("params").get("method").asString()).isEqualTo("GET");
        assertThat(job.get("params").get("path").asString()).isEqualTo("/bench/42");
        assertThat(job.get("params").has("url"))
                .as("the target is the worker's configuration, never the job's")
                .isFalse();
    }

    @Test
    void a_batch_goes_to_the_batch_endpoint_with_one_submission_per_job() {
        JobRequests requests = new JobRequests(Operation.SLEEP, 25, true);

        JsonNode body = JSON.readTree(requests.body(100, 3));

        assertThat(requests.endpoint(URI.create("http://127.0.0.1:8080")).toString())
                .isEqualTo("http://127.0.0.1:8080/api/v1/jobs:batch");
        assertThat(body.get("jobs")).hasSize(3);
        assertThat(body.get("jobs").get(2).get("operation").asString()).isEqualTo("sleep");
        assertThat(body.get("jobs").get(2).get("params").get("ms").asLong()).isEqualTo(25);
    }

    @Test
    void the_task_id_of_a_single_submission_is_read_from_its_answer() {
        UUID id = UUID.randomUUID();

        assertThat(new JobRequests(Operation.ECHO, 0, false)
                        .taskIds("{\"task_id\":\"" + id + "\",\"status\":\"PENDING\"}", 1))
                .containsExactly(Optional.of(id));
    }

    @Test
    void a_batch_answer_gives_one_entry_per_job_in_order_and_none_for_a_rejected_one() {
        UUID first = UUID.randomUUID();
        UUID third = UUID.randomUUID();
        String answer = """
                {"accepted": 2, "rejected": 1, "results": [
                  {"index": 0, "task_id": "%s", "status": "PENDING"},
                  {"index": 1, "status": "REJECTED", "errors": []},
                  {"index": 2, "task_id": "%s", "status": "PENDING"}]}
                """.formatted(first, third);

        assertThat(new JobRequests(Operation.ECHO, 0, true).taskIds(answer, 3))
                .containsExactly(Optional.of(first), Optional.empty(), Optional.of(third));
    }

    @Test
    void an_answer_that_is_not_json_is_an_error_not_a_lost_job() {
        assertThatThrownBy(() -> new JobRequests(Operation.ECHO, 0, false).taskIds("<html>", 1))
                .isInstanceOf(JacksonException.class);
    }

    @Test
    void only_2xx_statuses_count_as_success() {
        assertThat(ResponseCounts.isSuccess("202")).isTrue();
        assertThat(ResponseCounts.isSuccess("200")).isTrue();
        assertThat(ResponseCounts.isSuccess("429")).isFalse();
        assertThat(ResponseCounts.isSuccess("2xx")).isFalse();
        assertThat(ResponseCounts.isSuccess(ResponseCounts.NOT_SENT)).isFalse();
    }
}
