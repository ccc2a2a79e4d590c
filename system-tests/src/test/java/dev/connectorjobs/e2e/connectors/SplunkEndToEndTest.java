package dev.connectorjobs.e2e.connectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.connectorjobs.e2e.ApiClient;
import dev.connectorjobs.e2e.EndToEndSystem;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Splunk jobs through the whole system: submitted over HTTP to the api-gateway, carried by Kafka to a
 * worker on its own queue, run by the {@code splunk} connector against a WireMock Splunk whose search
 * jobs take several polls (a scenario that moves on with each poll, or stays running until the
 * stub's cancel endpoint is called) and whose HTTP Event Collector takes batches of events; results,
 * checkpoints and the remote cancel read back from the API.
 */
class SplunkEndToEndTest {

    static final String QUEUE = "splunk-e2e";
    static final String TOKEN = "e2e-splunk-token-Zq8Lm3Vt6Rk1";
    static final String HEC_TOKEN = "e2e0c7d4-2f3a-4b5c-9d6e-7f8a9b0c1d2e";
    static final Duration GENEROUS = Duration.ofSeconds(60);
    static final String JOB = "/services/search/jobs/[^/]+";

    @RegisterExtension
    static final EndToEndSystem system = new EndToEndSystem();

    static WireMockServer splunk;
    static ApiClient client;

    @BeforeAll
    static void start() {
        splunk = system.startService(
                WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        client = system.startApi(
                "jobs.api.queues=default," + QUEUE,
                "jobs.api.routes.splunk=" + QUEUE,
                "jobs.api.dispatch.sweep-interval=100ms");
        system.startWorker(
                "jobs.worker.id=e2e-splunk",
                "jobs.worker.queues=" + QUEUE,
                "spring.kafka.consumer.group-id=e2e-splunk",
                "jobs.connectors.splunk.base-url=" + splunk.baseUrl(),
                "jobs.connectors.splunk.hec-url=" + splunk.baseUrl(),
                "jobs.connectors.splunk.auth.token=" + TOKEN,
                "jobs.connectors.splunk.auth.hec-token=" + HEC_TOKEN,
                "jobs.connectors.splunk.batch-size=2",
                "jobs.connectors.splunk.poll-interval=50ms",
                "jobs.connectors.splunk.max-poll-interval=200ms",
                "jobs.http.services.splunk.backoff-base=10ms");
    }

    @BeforeEach
    void resetSplunk() {
        splunk.resetAll();
        splunk.stubFor(any(anyUrl())
                .atPriority(10)
                .willReturn(json(
                        401, "{\"messages\":[{\"type\":\"WARN\",\"text\":\"call not properly authenticated\"}]}")));
    }

    static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json; charset=UTF-8")
                .withBody(body);
    }

    static MappingBuilder authenticated(MappingBuilder request) {
        return request.withHeader("Authorization", equalTo("Bearer " + TOKEN)).atPriority(5);
    }

    /** {@code POST /services/search/jobs} answers 201 with the sid the form asked for, as Splunk does for {@code id}. */
    static void createAnswersTheRequestedSid() {
        splunk.stubFor(authenticated(post(urlPathEqualTo("/services/search/jobs")))
                .willReturn(json(201, "{{formData request.body 'form' urlDecode=true}}{\"sid\":\"{{form.id}}\"}")
                        .withTransformers("response-template")));
    }

    /** The job's status in Splunk's shape, its sid taken from the request path. */
    static ResponseDefinitionBuilder jobStatus(String state, double progress, int results) {
        boolean done = state.equals("DONE");
        return json(
                        200,
                        "{\"links\":{},\"origin\":\"https://splunk.example.com:8089/services/search/jobs\",\"entry\":[{"
                                + "\"name\":\"{{request.pathSegments.[3]}}\",\"content\":{\"sid\":"
                                + "\"{{request.pathSegments.[3]}}\",\"dispatchState\":\"" + state
                                + "\",\"doneProgress\":"
                                + progress + ",\"isDone\":" + done + ",\"isFailed\":false,\"resultCount\":" + results
                                + ",\"runDuration\":0.73,\"messages\":[],\"ttl\":600}}],\"paging\":{\"total\":1}}")
                .withTransformers("response-template");
    }

    static int creates() {
        return splunk.findAll(postRequestedFor(urlPathEqualTo("/services/search/jobs")))
                .size();
    }

    static int polls() {
        return splunk.findAll(getRequestedFor(urlPathMatching(JOB))).size();
    }

    @Test
    void a_search_submitted_over_http_is_polled_until_done_and_succeeds_with_its_results() throws Exception {
        createAnswersTheRequestedSid();
        splunk.stubFor(authenticated(get(urlPathMatching(JOB)))
                .inScenario("search")
                .whenScenarioStateIs(STARTED)
                .willSetStateTo("running")
                .willReturn(jobStatus("QUEUED", 0, 0)));
        splunk.stubFor(authenticated(get(urlPathMatching(JOB)))
                .inScenario("search")
                .whenScenarioStateIs("running")
                .willSetStateTo("finalizing")
                .willReturn(jobStatus("RUNNING", 0.4, 0)));
        splunk.stubFor(authenticated(get(urlPathMatching(JOB)))
                .inScenario("search")
                .whenScenarioStateIs("finalizing")
                .willSetStateTo("done")
                .willReturn(jobStatus("FINALIZING", 0.9, 0)));
        splunk.stubFor(authenticated(get(urlPathMatching(JOB)))
                .inScenario("search")
                .whenScenarioStateIs("done")
                .willReturn(jobStatus("DONE", 1.0, 3)));
        splunk.stubFor(authenticated(get(urlPathMatching(JOB + "/results")))
                .withQueryParam("output_mode", equalTo("json"))
                .withQueryParam("offset", equalTo("0"))
                .willReturn(json(
                        200,
                        "{\"preview\":false,\"init_offset\":0,\"messages\":[],\"fields\":[{\"name\":\"host\"},"
                                + "{\"name\":\"count\"}],\"results\":[{\"host\":\"web-1\",\"count\":\"41\"},"
                                + "{\"host\":\"web-2\",\"count\":\"17\"},{\"host\":\"db-1\",\"count\":\"3\"}]}")));

        String id = client.submit("{\"connector\":\"splunk\",\"operation\":\"search\",\"params\":{"
                + "\"query\":\"index=main status>=500 | stats count by host\",\"earliest_time\":\"-4h\"}}");
        JsonNode status = client.awaitTerminal(id);

        assertThat(status.get("status").asString()).as(status.toString()).isEqualTo("SUCCESS");
        JsonNode result = status.get("result");
        String sid = result.get("sid").asString();
        assertThat(sid).isEqualTo("cj_" + id.replace("-", "") + "_1");
        assertThat(status.at("/checkpoint/sid").asString()).isEqualTo(sid);
        assertThat(result.get("returned").asInt()).isEqualTo(3);
        assertThat(result.get("truncated").asBoolean()).isFalse();
        assertThat(result.at("/results/0/host").asString()).isEqualTo("web-1");
        assertThat(result.at("/results/0/count").asString()).isEqualTo("41");
        assertThat(result.get("resumed").asBoolean()).isFalse();
        assertThat(creates()).isEqualTo(1);
        assertThat(polls()).isGreaterThanOrEqualTo(4);
        splunk.verify(postRequestedFor(urlPathEqualTo("/services/search/jobs"))
                .withFormParam("search", equalTo("search index=main status>=500 | stats count by host"))
                .withFormParam("id", equalTo(sid))
                .withFormParam("earliest_time", equalTo("-4h"))
                .withHeader("X-Correlation-ID", matching(".+")));
    }

    @Test
    void a_revoke_of_a_running_search_cancels_the_search_job_in_splunk_and_the_job_ends_revoked() throws Exception {
        createAnswersTheRequestedSid();
        splunk.stubFor(authenticated(get(urlPathMatching(JOB)))
                .inScenario("long search")
                .whenScenarioStateIs(STARTED)
                .willReturn(jobStatus("RUNNING", 0.2, 0)));
        splunk.stubFor(authenticated(get(urlPathMatching(JOB)))
                .inScenario("long search")
                .whenScenarioStateIs("cancelled")
                .willReturn(json(404, "{\"messages\":[{\"type\":\"ERROR\",\"text\":\"Unknown sid.\"}]}")));
        splunk.stubFor(authenticated(post(urlPathMatching(JOB + "/control")))
                .withFormParam("action", equalTo("cancel"))
                .inScenario("long search")
                .willSetStateTo("cancelled")
                .willReturn(json(200, "{\"messages\":[{\"type\":\"INFO\",\"text\":\"Search job cancelled.\"}]}")));

        String id = client.submit("{\"connector\":\"splunk\",\"operation\":\"search\",\"params\":{"
                + "\"query\":\"index=* | stats count by sourcetype\",\"earliest_time\":\"-30d\"}}");
        String sid = "cj_" + id.replace("-", "") + "_1";
        await().atMost(GENEROUS).until(() -> polls() >= 2);
        await().atMost(GENEROUS)
                .untilAsserted(
                        () -> assertThat(client.status(id).at("/checkpoint/sid").asString())
                                .isEqualTo(sid));

        assertThat(client.revoke(id, "wrong time range").statusCode()).isEqualTo(200);

        JsonNode cancel = client.awaitRemoteCancel(id, "DONE");
        JsonNode status = client.status(id);
        assertThat(status.get("status").asString()).as(status.toString()).isEqualTo("REVOKED");
        assertThat(cancel.path("action").asString())
                .isEqualTo("POST /services/search/jobs/" + sid + "/control action=cancel");
        splunk.verify(
                1,
                postRequestedFor(urlPathEqualTo("/services/search/jobs/" + sid + "/control"))
                        .withFormParam("action", equalTo("cancel"))
                        .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
        assertThat(creates()).isEqualTo(1);
        assertThat(splunk.getAllScenarios().getScenarios())
                .filteredOn(scenario -> scenario.getName().equals("long search"))
                .singleElement()
                .satisfies(scenario -> assertThat(scenario.getState()).isEqualTo("cancelled"));
    }

    @Test
    void send_events_submitted_over_http_reaches_the_event_collector_in_batches() throws Exception {
        splunk.stubFor(post(urlPathEqualTo("/services/collector/event"))
                .atPriority(5)
                .withHeader("Authorization", equalTo("Splunk " + HEC_TOKEN))
                .willReturn(json(200, "{\"text\":\"Success\",\"code\":0}")));

        String id = client.submit("{\"connector\":\"splunk\",\"operation\":\"send_events\",\"params\":{"
                + "\"index\":\"security\",\"sourcetype\":\"connector:jobs\",\"events\":["
                + "{\"login_failed\":\"alice\"},{\"login_failed\":\"bob\"},"
                + "\"plain text event\"]}}");
        JsonNode status = client.awaitTerminal(id);

        assertThat(status.get("status").asString()).as(status.toString()).isEqualTo("SUCCESS");
        assertThat(status.at("/result/sent").asInt()).isEqualTo(3);
        assertThat(status.at("/result/batches").asInt()).isEqualTo(2);
        assertThat(status.at("/checkpoint/events_sent").asInt()).isEqualTo(3);
        splunk.verify(postRequestedFor(urlPathEqualTo("/services/collector/event"))
                .withHeader("X-Splunk-Request-Channel", equalTo(id))
                .withRequestBody(equalTo("{\"event\":{\"login_failed\":\"alice\"},\"index\":\"security\","
                        + "\"sourcetype\":\"connector:jobs\"}{\"event\":{\"login_failed\":\"bob\"},"
                        + "\"index\":\"security\",\"sourcetype\":\"connector:jobs\"}")));
    }
}
