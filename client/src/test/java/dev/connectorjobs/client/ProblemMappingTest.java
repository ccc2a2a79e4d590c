package dev.connectorjobs.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The API's RFC 9457 problem documents, as the api-gateway writes them, become typed exceptions. */
class ProblemMappingTest extends ClientTestSupport {

    private static final UUID ID = UUID.fromString("0195a0b0-0000-7000-8000-000000000001");

    @Test
    void a_422_with_field_errors_is_a_validation_exception_carrying_each_field() {
        api.stubFor(post("/api/v1/jobs")
                .willReturn(aResponse()
                        .withStatus(422)
                        .withHeader("Content-Type", PROBLEM)
                        .withBody("""
                                {"type":"https://connectorjobs.dev/problems/invalid-request","title":"Invalid request",
                                 "status":422,"detail":"params.times: must be an integer","instance":"/api/v1/jobs",
                                 "errors":[{"field":"params.times","message":"must be an integer"},
                                           {"field":"queue","message":"is not a known queue"}]}""")));

        assertThatThrownBy(() -> client.submit(JobRequest.of("diagnostics", "fail", Map.of("times", "x"))))
                .asInstanceOf(type(ValidationException.class))
                .satisfies(e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.type()).isEqualTo("https://connectorjobs.dev/problems/invalid-request");
                    assertThat(e.fieldErrors())
                            .containsExactly(
                                    new FieldError("params.times", "must be an integer"),
                                    new FieldError("queue", "is not a known queue"));
                    assertThat(e.getMessage())
                            .isEqualTo("POST /api/v1/jobs answered 422 Invalid request: params.times: must be an"
                                    + " integer; queue: is not a known queue");
                });
    }

    @Test
    void a_404_is_a_not_found_exception_with_the_servers_detail() {
        api.stubFor(get("/api/v1/admin/tasks/" + ID + "/status")
                .willReturn(problem(404, "not-found", "Not found", "No task with id " + ID + " was ever submitted")));

        assertThatThrownBy(() -> client.status(ID))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("No task with id " + ID + " was ever submitted");
    }

    @Test
    void a_401_and_a_403_are_authentication_and_forbidden_exceptions() {
        api.stubFor(get("/api/v1/admin/workers")
                .willReturn(problem(401, "unauthorized", "Unauthorized", "The API key is not valid")));
        api.stubFor(post("/api/v1/admin/health/circuit-breakers/servicenow/reset")
                .willReturn(problem(403, "forbidden", "Forbidden", "Only ADMIN keys may send breaker commands")));

        assertThatThrownBy(() -> client.workers()).isInstanceOf(AuthenticationException.class);
        assertThatThrownBy(() -> client.breaker("servicenow", BreakerAction.RESET))
                .isInstanceOf(ForbiddenException.class)
                .hasMessageContaining("Only ADMIN keys");
    }

    @Test
    void a_409_on_revoke_names_the_tasks_current_status() {
        api.stubFor(post("/api/v1/admin/tasks/" + ID + "/revoke")
                .willReturn(aResponse()
                        .withStatus(409)
                        .withHeader("Content-Type", PROBLEM)
                        .withBody("""
                                {"type":"https://connectorjobs.dev/problems/conflict","title":"Conflict","status":409,
                                 "detail":"Task already finished","current_status":"SUCCESS"}""")));

        assertThatThrownBy(() -> client.revoke(ID, "no longer needed"))
                .asInstanceOf(type(ConflictException.class))
                .satisfies(e -> assertThat(e.currentStatus()).isEqualTo("SUCCESS"));
    }

    @Test
    void an_error_page_that_is_not_a_problem_document_still_maps_by_status() {
        api.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(502).withBody("<html>Bad gateway</html>")));

        assertThatThrownBy(() -> client.status(ID))
                .asInstanceOf(type(ServerException.class))
                .satisfies(e -> {
                    assertThat(e.status()).isEqualTo(502);
                    assertThat(e.problem()).isNull();
                    assertThat(e.getMessage()).contains("no problem document");
                });
    }

    @Test
    void every_request_carries_the_key_as_a_bearer_token() {
        api.stubFor(get("/api/v1/admin/tasks/" + ID + "/status")
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(status(ID.toString(), "QUEUED"))));

        TaskStatus status = client.status(ID);

        assertThat(status.status()).isEqualTo("QUEUED");
        assertThat(status.isTerminal()).isFalse();
        api.verify(getRequestedFor(urlEqualTo("/api/v1/admin/tasks/" + ID + "/status"))
                .withHeader("Authorization", equalTo("Bearer " + KEY)));
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder problem(
            int status, String type, String title, String detail) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", PROBLEM)
                .withBody("{\"type\":\"https://connectorjobs.dev/problems/" + type + "\",\"title\":\"" + title
                        + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}");
    }
}
