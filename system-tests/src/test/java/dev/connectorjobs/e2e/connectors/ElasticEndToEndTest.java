package dev.connectorjobs.e2e.connectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.connectorjobs.e2e.ApiClient;
import dev.connectorjobs.e2e.EndToEndSystem;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Elasticsearch jobs through the whole system: submitted over HTTP to the api-gateway (which checks
 * the params against the catalogue), carried by Kafka to a worker on its own queue, run by the
 * {@code elastic} connector against a WireMock Elasticsearch (API key; a point in time paged with
 * {@code search_after} and closed; {@code _bulk} with a partial failure inside a 200), the result
 * read back from the API.
 */
class ElasticEndToEndTest {

    static final String QUEUE = "elastic-e2e";
    static final String API_KEY = "ZTJlLWtleS1pZDplMmUtYXBpLWtleS1zZWNyZXQtdmFsdWU=";
    static final String INDEX = "logs-auth";

    @RegisterExtension
    static final EndToEndSystem system = new EndToEndSystem();

    static WireMockServer elastic;
    static ApiClient client;

    @BeforeAll
    static void start() {
        elastic = system.startService(
                WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        client = system.startApi(
                "jobs.api.queues=default," + QUEUE,
                "jobs.api.routes.elastic=" + QUEUE,
                "jobs.api.dispatch.sweep-interval=100ms");
        system.startWorker(
                "jobs.worker.id=e2e-elastic",
                "jobs.worker.queues=" + QUEUE,
                "spring.kafka.consumer.group-id=e2e-elastic",
                "jobs.connectors.elastic.base-url=" + elastic.baseUrl(),
                "jobs.connectors.elastic.auth.api-key=" + API_KEY,
                "jobs.connectors.elastic.page-size=3",
                "jobs.connectors.elastic.bulk-retry-backoff=10ms",
                "jobs.http.services.elastic.backoff-base=10ms");
        elastic.stubFor(any(anyUrl())
                .atPriority(10)
                .willReturn(json(
                        401,
                        "{\"error\":{\"root_cause\":[{\"type\":\"security_exception\",\"reason\":\"unable to"
                                + " authenticate with provided credentials\"}],\"type\":\"security_exception\","
                                + "\"reason\":\"unable to authenticate with provided credentials\"},\"status\":401}")));
    }

    static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withHeader("X-elastic-product", "Elasticsearch")
                .withBody(body);
    }

    static MappingBuilder authenticated(MappingBuilder request) {
        return request.withHeader("Authorization", equalTo("ApiKey " + API_KEY)).atPriority(5);
    }

    /** Event {@code i}, newest first, with the sort values of {@code @timestamp desc} and {@code _shard_doc}. */
    static String hit(int i) {
        Instant at = Instant.parse("2026-12-01T10:15:09Z").minusSeconds(i);
        return "{\"_index\":\"" + INDEX + "\",\"_id\":\"evt-" + i + "\",\"_score\":null,\"_source\":{\"@timestamp\":"
                + "\"" + at + "\",\"event\":{\"action\":\"logon-failed\"},\"user\":{\"name\":\"svc-" + i
                + "\"}},\"sort\":[" + at.toEpochMilli() + "," + shardDoc(i) + "]}";
    }

    /** {@code _shard_doc} of event {@code i}: the shard in the upper 32 bits, as Elasticsearch encodes it. */
    static long shardDoc(int i) {
        return (1L << 32) + i;
    }

    static String page(String pitId, int from, int to, boolean total) {
        String hits =
                IntStream.range(from, to).mapToObj(ElasticEndToEndTest::hit).collect(Collectors.joining(","));
        return "{\"pit_id\":\"" + pitId + "\",\"took\":4,\"timed_out\":false,\"_shards\":{\"total\":1,"
                + "\"successful\":1,\"skipped\":0,\"failed\":0},\"hits\":{"
                + (total ? "\"total\":{\"value\":5,\"relation\":\"eq\"}," : "") + "\"max_score\":null,\"hits\":["
                + hits + "]}}";
    }

    @Test
    void search_submitted_over_http_pages_a_point_in_time_and_closes_it() throws Exception {
        elastic.stubFor(authenticated(post(urlPathEqualTo("/" + INDEX + "/_pit")))
                .withQueryParam("keep_alive", equalTo("1m"))
                .willReturn(json(
                        200,
                        "{\"id\":\"e2ePitA==\",\"_shards\":{\"total\":1,\"successful\":1,\"skipped\":0,"
                                + "\"failed\":0}}")));
        elastic.stubFor(authenticated(post(urlPathEqualTo("/_search")))
                .withRequestBody(matchingJsonPath("$.pit.id", equalTo("e2ePitA==")))
                .willReturn(json(200, page("e2ePitB==", 0, 3, true))));
        elastic.stubFor(authenticated(post(urlPathEqualTo("/_search")))
                .withRequestBody(matchingJsonPath("$.pit.id", equalTo("e2ePitB==")))
                .withRequestBody(matchingJsonPath("$.search_after[1]", equalTo(Long.toString(shardDoc(2)))))
                .willReturn(json(200, page("e2ePitC==", 3, 5, false))));
        elastic.stubFor(authenticated(delete(urlPathEqualTo("/_pit")))
                .withRequestBody(equalToJson("{\"id\":\"e2ePitC==\"}"))
                .willReturn(json(200, "{\"succeeded\":true,\"num_freed\":1}")));

        String id = client.submit("{\"connector\":\"elastic\",\"operation\":\"search\",\"params\":{\"index\":\""
                + INDEX + "\",\"query\":{\"term\":{\"event.action\":\"logon-failed\"}},"
                + "\"sort\":[{\"@timestamp\":\"desc\"}],\"max_results\":50}}");
        JsonNode status = client.awaitTerminal(id);

        assertThat(status.get("status").asString()).as(status.toString()).isEqualTo("SUCCESS");
        JsonNode result = status.get("result");
        assertThat(result.get("count").asInt()).isEqualTo(5);
        assertThat(result.get("total").asLong()).isEqualTo(5);
        assertThat(result.get("truncated").asBoolean()).isFalse();
        assertThat(result.get("hits").get(4).get("_id").asString()).isEqualTo("evt-4");
        assertThat(result.get("hits")
                        .get(0)
                        .get("_source")
                        .get("user")
                        .get("name")
                        .asString())
                .isEqualTo("svc-0");
        assertThat(result.get("hits").get(0).has("sort")).isFalse();
        elastic.verify(
                1, deleteRequestedFor(urlPathEqualTo("/_pit")).withRequestBody(equalToJson("{\"id\":\"e2ePitC==\"}")));
        elastic.verify(postRequestedFor(urlPathEqualTo("/_search"))
                .withRequestBody(matchingJsonPath("$.sort[1]._shard_doc", equalTo("asc")))
                .withHeader("X-Correlation-ID", matching(".+")));
    }

    @Test
    void bulk_index_submitted_over_http_resends_only_the_rejected_document_and_reports_the_failed_one()
            throws Exception {
        String rejected = "{\"index\":{\"_index\":\"siem-events\",\"_id\":\"b-1\",\"status\":429,\"error\":{\"type\":"
                + "\"es_rejected_execution_exception\",\"reason\":\"rejected execution of coordinating operation\"}}}";
        String created =
                "{\"index\":{\"_index\":\"siem-events\",\"_id\":\"b-%s\",\"_version\":1,\"result\":\"created\","
                        + "\"_shards\":{\"total\":2,\"successful\":1,\"failed\":0},\"_seq_no\":%s,\"_primary_term\":1,"
                        + "\"status\":201}}";
        String unparsable = "{\"index\":{\"_index\":\"siem-events\",\"_id\":\"b-2\",\"status\":400,\"error\":{\"type\":"
                + "\"document_parsing_exception\",\"reason\":\"[1:12] failed to parse field [count] of type [long] in"
                + " document with id 'b-2'. Preview of field's value: 'many'\"}}}";
        elastic.stubFor(authenticated(post(urlPathEqualTo("/_bulk")))
                .withHeader("Content-Type", equalTo("application/x-ndjson"))
                .inScenario("bulk")
                .whenScenarioStateIs(STARTED)
                .willSetStateTo("resend")
                .willReturn(json(
                        200,
                        "{\"took\":12,\"errors\":true,\"items\":[" + created.formatted("0", "0") + "," + rejected + ","
                                + unparsable + "]}")));
        elastic.stubFor(authenticated(post(urlPathEqualTo("/_bulk")))
                .inScenario("bulk")
                .whenScenarioStateIs("resend")
                .willReturn(
                        json(200, "{\"took\":3,\"errors\":false,\"items\":[" + created.formatted("1", "1") + "]}")));

        String id = client.submit("{\"connector\":\"elastic\",\"operation\":\"bulk_index\",\"params\":{"
                + "\"index\":\"siem-events\",\"documents\":[{\"_id\":\"b-0\",\"count\":1},{\"_id\":\"b-1\","
                + "\"count\":2},{\"_id\":\"b-2\",\"count\":\"many\"}]}}");
        JsonNode status = client.awaitTerminal(id);

        assertThat(status.get("status").asString()).as(status.toString()).isEqualTo("SUCCESS");
        JsonNode result = status.get("result");
        assertThat(result.get("indexed").asLong()).isEqualTo(2);
        assertThat(result.get("failed").asLong()).isEqualTo(1);
        assertThat(result.get("resent").asLong()).isEqualTo(1);
        JsonNode failure = result.get("failures").get(0);
        assertThat(failure.get("position").asInt()).isEqualTo(2);
        assertThat(failure.get("_id").asString()).isEqualTo("b-2");
        assertThat(failure.get("status").asInt()).isEqualTo(400);
        assertThat(failure.get("type").asString()).isEqualTo("document_parsing_exception");
        elastic.verify(
                1,
                postRequestedFor(urlPathEqualTo("/_bulk"))
                        .withRequestBody(equalTo(
                                "{\"index\":{\"_index\":\"siem-events\",\"_id\":\"b-1\"}}\n" + "{\"count\":2}\n")));
    }

    @Test
    void documents_that_are_not_objects_are_refused_at_submission_and_the_catalogue_says_why() throws Exception {
        HttpResponse<String> refused = client.send(
                "POST",
                "/api/v1/jobs",
                "{\"connector\":\"elastic\",\"operation\":\"bulk_index\",\"params\":{\"index\":\"siem-events\","
                        + "\"documents\":[{\"count\":1},\"count=2\"]}}");
        JsonNode catalogue = client.get("/api/v1/connectors");

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        JsonNode error = JsonMapper.builder()
                .build()
                .readTree(refused.body())
                .get("errors")
                .get(0);
        assertThat(error.get("field").asString()).isEqualTo("params.documents[1]");
        assertThat(error.get("message").asString()).isEqualTo("must be a JSON object");
        JsonNode documents = null;
        for (JsonNode connector : catalogue.get("connectors")) {
            if (connector.get("name").asString().equals("elastic")) {
                for (JsonNode operation : connector.get("operations")) {
                    for (JsonNode parameter : operation.get("parameters")) {
                        if (parameter.get("name").asString().equals("documents")) {
                            documents = parameter;
                        }
                    }
                }
            }
        }
        assertThat(documents).as("elastic bulk_index declares documents").isNotNull();
        assertThat(documents.get("type").asString()).isEqualTo("ARRAY");
        assertThat(documents.get("items").asString()).isEqualTo("OBJECT");
    }
}
