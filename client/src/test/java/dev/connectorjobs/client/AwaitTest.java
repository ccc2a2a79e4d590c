package dev.connectorjobs.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Awaiting a task with the long-poll form, and the batch status read with its fallback. */
class AwaitTest extends ClientTestSupport {

    private static final UUID ID = UUID.fromString("0195a0b0-0000-7000-8000-000000000003");
    private static final String PATH = "/api/v1/admin/tasks/" + ID + "/status";

    @Test
    void await_asks_for_a_long_poll_since_the_last_seen_status_and_returns_the_terminal_status() {
        sequence("QUEUED", "STARTED", "STARTED", "SUCCESS");

        TaskStatus done = client.await(ID, Duration.ofMinutes(5));

        assertThat(done.status()).isEqualTo("SUCCESS");
        assertThat(done.result().path("hello").asString()).isEqualTo("world");
        api.verify(1, getRequestedFor(urlPathEqualTo(PATH)).withQueryParam("since_status", absent()));
        api.verify(1, getRequestedFor(urlPathEqualTo(PATH)).withQueryParam("since_status", equalTo("QUEUED")));
        api.verify(2, getRequestedFor(urlPathEqualTo(PATH)).withQueryParam("since_status", equalTo("STARTED")));
        api.verify(4, getRequestedFor(urlPathEqualTo(PATH)).withQueryParam("wait", equalTo("30s")));
    }

    @Test
    void against_a_server_that_answers_at_once_await_pauses_between_unchanged_answers() {
        sequence("QUEUED", "QUEUED", "QUEUED", "SUCCESS");

        client.await(ID, Duration.ofMinutes(5));

        assertThat(time.sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400));
    }

    @Test
    void await_gives_up_at_its_deadline_with_the_last_status_seen() {
        api.stubFor(get(urlPathEqualTo(PATH)).willReturn(json(status(ID.toString(), "STARTED"))));

        assertThatThrownBy(() -> client.await(ID, Duration.ofSeconds(10)))
                .asInstanceOf(type(AwaitTimeoutException.class))
                .satisfies(e -> assertThat(e.lastStatus().status()).isEqualTo("STARTED"));
        api.verify(getRequestedFor(urlPathEqualTo(PATH)).withQueryParam("wait", equalTo("10s")));
    }

    @Test
    void statuses_reads_many_tasks_in_one_request() {
        UUID missing = UUID.randomUUID();
        api.stubFor(post("/api/v1/admin/tasks:status")
                .withRequestBody(equalTo("{\"ids\":[\"" + ID + "\",\"" + missing + "\"]}"))
                .willReturn(json(
                        "{\"tasks\":[" + status(ID.toString(), "SUCCESS") + "],\"missing\":[\"" + missing + "\"]}")));

        Statuses statuses = client.statuses(List.of(ID, missing));

        assertThat(statuses.tasks()).extracting(TaskStatus::taskId).containsExactly(ID);
        assertThat(statuses.missing()).containsExactly(missing);
    }

    @Test
    void statuses_falls_back_to_one_read_per_id_when_the_server_has_no_batch_read() {
        UUID missing = UUID.randomUUID();
        api.stubFor(post("/api/v1/admin/tasks:status")
                .willReturn(ProblemMappingTest.problem(405, "method-not-allowed", "Method Not Allowed", "no")));
        api.stubFor(get(urlPathEqualTo(PATH)).willReturn(json(status(ID.toString(), "FAILURE"))));
        api.stubFor(get(urlPathEqualTo("/api/v1/admin/tasks/" + missing + "/status"))
                .willReturn(ProblemMappingTest.problem(404, "not-found", "Not found", "no such task")));

        Statuses statuses = client.statuses(List.of(ID, missing));

        assertThat(statuses.tasks()).extracting(TaskStatus::status).containsExactly("FAILURE");
        assertThat(statuses.missing()).containsExactly(missing);
    }

    private void sequence(String... statuses) {
        for (int i = 0; i < statuses.length; i++) {
            api.stubFor(get(urlPathEqualTo(PATH))
                    .inScenario("progress")
                    .whenScenarioStateIs(i == 0 ? STARTED : "s" + i)
                    .willReturn(json(status(ID.toString(), statuses[i])))
                    .willSetStateTo("s" + (i + 1)));
        }
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withHeader("Content-Type", "application/json").withBody(body);
    }
}
