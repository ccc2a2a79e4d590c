package dev.connectorjobs.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A callback travels as the API names it, and only when one is asked for. */
class CallbackRequestTest extends ClientTestSupport {

    private static final String ACCEPTED =
            "{\"task_id\":\"0195a0b0-0000-7000-8000-000000000003\",\"status\":\"PENDING\"}";

    @Test
    void a_callback_is_sent_as_callback_url_and_callback_secret_and_left_out_otherwise() {
        api.stubFor(post("/api/v1/jobs").willReturn(aResponse().withStatus(202).withBody(ACCEPTED)));

        client.submit(JobRequest.of("diagnostics", "echo", Map.of("n", 1))
                .withCallback("https://hooks.team-a.example/jobs", "team-a")
                .withMaxRetries(1));
        client.submit(JobRequest.of("diagnostics", "echo"));

        var sent = api.findAll(postRequestedFor(urlEqualTo("/api/v1/jobs")));
        JsonNode withCallback =
                JsonMapper.builder().build().readTree(sent.get(0).getBodyAsString());
        JsonNode without = JsonMapper.builder().build().readTree(sent.get(1).getBodyAsString());
        assertThat(withCallback.get("callback_url").asString()).isEqualTo("https://hooks.team-a.example/jobs");
        assertThat(withCallback.get("callback_secret").asString()).isEqualTo("team-a");
        assertThat(withCallback.get("max_retries").asInt()).isEqualTo(1);
        assertThat(without.has("callback_url")).isFalse();
        assertThat(without.has("callback_secret")).isFalse();
    }
}
