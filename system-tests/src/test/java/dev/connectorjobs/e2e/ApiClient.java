package dev.connectorjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.connectorjobs.testing.TestInfrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for the api-gateway under test, sending the test admin key. */
public final class ApiClient {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String base;

    public ApiClient(String base) {
        this.base = base;
    }

    /** The api-gateway's base URL, e.g. {@code http://127.0.0.1:54321}. */
    public String baseUrl() {
        return base;
    }

    public HttpResponse<String> send(String method, String path, @Nullable String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", TestInfrastructure.ADMIN_AUTHORIZATION)
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public JsonNode get(String path) throws Exception {
        return JSON.readTree(send("GET", path, null).body());
    }

    /** Submits a job and returns its task id. */
    public String submit(String body) throws Exception {
        HttpResponse<String> response = send("POST", "/api/v1/jobs", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return JSON.readTree(response.body()).get("task_id").asString();
    }

    /** The status document of a task. */
    public JsonNode status(String id) throws Exception {
        return get("/api/v1/admin/tasks/" + id + "/status");
    }

    /**
     * The {@code remote_cancel} of the task's last attempt ({@code {"action", "outcome", ...}}), or an
     * empty node before the task has an attempt.
     */
    public JsonNode remoteCancel(String id) throws Exception {
        JsonNode attempts = status(id).path("attempts");
        return attempts.isEmpty() ? attempts : attempts.get(attempts.size() - 1).path("remote_cancel");
    }

    /** Revokes the task ({@code POST /api/v1/admin/tasks/{id}/revoke}) for {@code reason}. */
    public HttpResponse<String> revoke(String id, String reason) throws Exception {
        return send("POST", "/api/v1/admin/tasks/" + id + "/revoke", JSON.writeValueAsString(Map.of("reason", reason)));
    }

    /** Waits until the last attempt's remote cancel has the outcome {@code outcome} and returns it. */
    public JsonNode awaitRemoteCancel(String id, String outcome) throws Exception {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() ->
                        assertThat(remoteCancel(id).path("outcome").asString()).isEqualTo(outcome));
        return remoteCancel(id);
    }

    /** Waits until the task is SUCCESS, FAILURE or REVOKED and returns its status document. */
    public JsonNode awaitTerminal(String id) throws Exception {
        // Generous: these jobs finish in a few seconds, but a loaded 2-core CI machine runs a whole
        // system per test class. On timeout the whole status document (attempts, progress, error)
        // says where the job stood.
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    JsonNode status = status(id);
                    assertThat(status.get("status").asString())
                            .as("job %s: %s", id, status)
                            .isIn("SUCCESS", "FAILURE", "REVOKED");
                });
        return status(id);
    }
}
