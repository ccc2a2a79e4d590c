package dev.connectorjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectorjobs.testing.TestInfrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for the api-gateway under test, sending the test admin key. */
final class ApiClient {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String base;

    ApiClient(String base) {
        this.base = base;
    }

    HttpResponse<String> send(String method, String path, @Nullable String body) throws Exception {
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

    JsonNode get(String path) throws Exception {
        return JSON.readTree(send("GET", path, null).body());
    }

    /** Submits a job and returns its task id. */
    String submit(String body) throws Exception {
        HttpResponse<String> response = send("POST", "/api/v1/jobs", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return JSON.readTree(response.body()).get("task_id").asString();
    }
}
