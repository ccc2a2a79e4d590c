package dev.connectorjobs.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.serviceUnavailable;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.connectorjobs.testing.TestInfrastructure;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One trace from the API request to the vendor across both processes: a client's {@code
 * traceparent} on the submit request reaches the vendor stub through the job row, the Kafka record
 * and the worker (a JVM of its own); both services export their spans over OTLP/HTTP to a WireMock
 * collector, and the spans form the chain submit → dispatch → claim → run → one span per HTTP
 * attempt. The worker logs as ECS JSON, and its job log lines carry the job's ids and trace id.
 */
class TracingEndToEndTest {

    static final String QUEUE = "tracing-" + UUID.randomUUID().toString().substring(0, 8);
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HexFormat HEX = HexFormat.of();

    @RegisterExtension
    final EndToEndSystem system = new EndToEndSystem();

    @Test
    void the_submit_requests_trace_reaches_the_vendor_and_both_services_export_one_span_chain() throws Exception {
        WireMockServer collector =
                system.startService(options().bindAddress("127.0.0.1").dynamicPort());
        collector.stubFor(post(urlEqualTo("/v1/traces")).willReturn(ok()));
        WireMockServer vendor =
                system.startService(options().bindAddress("127.0.0.1").dynamicPort());
        vendor.stubFor(get(urlPathEqualTo("/base/inventory"))
                .inScenario("flaky")
                .whenScenarioStateIs(STARTED)
                .willReturn(serviceUnavailable())
                .willSetStateTo("recovered"));
        vendor.stubFor(get(urlPathEqualTo("/base/inventory"))
                .inScenario("flaky")
                .whenScenarioStateIs("recovered")
                .willReturn(okJson("{\"items\":[]}")));
        vendor.stubFor(get(urlPathEqualTo("/base/unsampled"))
                .inScenario("flaky unsampled")
                .whenScenarioStateIs(STARTED)
                .willReturn(serviceUnavailable())
                .willSetStateTo("recovered"));
        vendor.stubFor(get(urlPathEqualTo("/base/unsampled"))
                .inScenario("flaky unsampled")
                .whenScenarioStateIs("recovered")
                .willReturn(okJson("{\"items\":[]}")));
        String[] tracing = {
            "management.opentelemetry.tracing.export.otlp.endpoint=" + collector.baseUrl() + "/v1/traces",
            "management.tracing.sampling.probability=1.0",
            "management.opentelemetry.tracing.export.schedule-delay=100ms"
        };
        ApiClient api = system.startApi(concat(tracing, "jobs.api.queues=default," + QUEUE));
        File workerLog = Files.createTempFile("worker-tracing", ".log").toFile();
        system.startWorkerProcess(
                "tracing-worker",
                workerLog,
                concat(
                        tracing,
                        "jobs.worker.queues=" + QUEUE,
                        "jobs.connectors.external_api.base-url=" + vendor.baseUrl() + "/base/",
                        "jobs.http.services.external_api.backoff-base=10ms",
                        "logging.structured.format.console=ecs"));

        String traceId = hex(16);
        String clientSpan = hex(8);
        String correlationId = "trace-e2e-" + UUID.randomUUID();
        String jobId = submit(api, "00-" + traceId + "-" + clientSpan + "-01", correlationId, "/inventory");
        // The worker JVM starts while the job waits on Kafka; generous, as its start-up on a loaded machine is slow.
        await().atMost(Duration.ofSeconds(120))
                .untilAsserted(() ->
                        assertThat(api.status(jobId).get("status").asString()).isEqualTo("SUCCESS"));

        // Both HTTP attempts (503, then 200) carry the submitter's trace id, each in a span of its own.
        List<LoggedRequest> calls = vendor.findAll(getRequestedFor(urlPathEqualTo("/base/inventory")));
        assertThat(calls).hasSize(2);
        List<String> sentSpans = new ArrayList<>();
        for (LoggedRequest call : calls) {
            String[] parts = call.getHeader("traceparent").split("-");
            assertThat(parts).hasSize(4);
            assertThat(parts[1]).isEqualTo(traceId);
            sentSpans.add(parts[2]);
        }
        assertThat(sentSpans).doesNotHaveDuplicates();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<Exported> spans = exported(collector, traceId);
            Exported submit = one(spans, "api-gateway", "job submit");
            List<Exported> dispatches = all(spans, "api-gateway", "job dispatch");
            Exported claim = one(spans, "worker", "job claim");
            Exported run = one(spans, "worker", "job run");
            List<Exported> attempts = all(spans, "worker", "http get");

            assertThat(ancestors(spans, submit))
                    .as("the submit span descends from the client's span through the server span")
                    .endsWith(clientSpan);
            assertThat(dispatches)
                    .isNotEmpty()
                    .allSatisfy(d -> assertThat(d.parent()).isEqualTo(submit.id()));
            assertThat(dispatches).extracting(Exported::id).contains(claim.parent());
            assertThat(run.parent()).isEqualTo(claim.id());
            assertThat(attempts)
                    .hasSize(2)
                    .allSatisfy(a -> assertThat(a.parent()).isEqualTo(run.id()));
            assertThat(attempts).extracting(Exported::id).containsExactlyInAnyOrderElementsOf(sentSpans);
        });

        // The worker's job log lines are JSON with the job's ids and its trace id.
        List<JsonNode> jobLines = Files.readAllLines(workerLog.toPath()).stream()
                .filter(line -> line.startsWith("{") && line.contains(jobId))
                .map(JSON::readTree)
                .toList();
        JsonNode retryLine = jobLines.stream()
                .filter(line -> line.get("message").asString().contains("event=retry"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no retry line of job " + jobId + " in " + jobLines));
        assertThat(retryLine.get("job_id").asString()).isEqualTo(jobId);
        assertThat(retryLine.get("attempt").asString()).isEqualTo("1");
        assertThat(retryLine.get("connector").asString()).isEqualTo("external_api");
        assertThat(retryLine.get("correlation_id").asString()).isEqualTo(correlationId);
        assertThat(retryLine.get("trace_id").asString()).isEqualTo(traceId);
        assertThat(retryLine.get("log").get("level").asString()).isEqualTo("INFO");

        // A client that does not sample: no hop of its job builds a span, so both HTTP attempts
        // carry the job's own context unchanged (each had a span id of its own above), in the
        // client's trace and with the sampled flag off, and nothing of that trace is exported.
        String unsampledTrace = hex(16);
        String unsampledJob = submit(
                api, "00-" + unsampledTrace + "-" + hex(8) + "-00", "trace-e2e-" + UUID.randomUUID(), "/unsampled");
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(
                        () -> assertThat(api.status(unsampledJob).get("status").asString())
                                .isEqualTo("SUCCESS"));
        List<String> unsampledSent = vendor.findAll(getRequestedFor(urlPathEqualTo("/base/unsampled"))).stream()
                .map(call -> call.getHeader("traceparent"))
                .toList();
        assertThat(unsampledSent).hasSize(2);
        assertThat(unsampledSent.getFirst())
                .startsWith("00-" + unsampledTrace + "-")
                .endsWith("-00");
        assertThat(unsampledSent.getLast()).isEqualTo(unsampledSent.getFirst());
        assertThat(exported(collector, unsampledTrace)).isEmpty();
    }

    /** Submits one {@code external_api} GET of {@code path} with the client's trace context; the job id. */
    private static String submit(ApiClient api, String traceparent, String correlationId, String path)
            throws Exception {
        HttpResponse<String> submitted = HTTP.send(
                HttpRequest.newBuilder(URI.create(api.baseUrl() + "/api/v1/jobs"))
                        .header("Authorization", TestInfrastructure.ADMIN_AUTHORIZATION)
                        .header("Content-Type", "application/json")
                        .header("traceparent", traceparent)
                        .header("X-Correlation-ID", correlationId)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"connector\":\"external_api\","
                                + "\"operation\":\"request\",\"params\":{\"method\":\"GET\",\"path\":\"" + path
                                + "\"},\"queue\":\"" + QUEUE + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        return JSON.readTree(submitted.body()).get("task_id").asString();
    }

    /** A span as exported, with the service that exported it; ids in hex. */
    record Exported(String service, String name, String id, String parent) {}

    private static List<Exported> exported(WireMockServer collector, String traceId) throws Exception {
        List<Exported> spans = new ArrayList<>();
        for (LoggedRequest export : collector.findAll(postRequestedFor(urlEqualTo("/v1/traces")))) {
            for (ResourceSpans resource :
                    ExportTraceServiceRequest.parseFrom(export.getBody()).getResourceSpansList()) {
                String service = resource.getResource().getAttributesList().stream()
                        .filter(a -> a.getKey().equals("service.name"))
                        .map(KeyValue::getValue)
                        .map(v -> v.getStringValue())
                        .findFirst()
                        .orElse("");
                for (ScopeSpans scope : resource.getScopeSpansList()) {
                    for (Span span : scope.getSpansList()) {
                        if (HEX.formatHex(span.getTraceId().toByteArray()).equals(traceId)) {
                            spans.add(new Exported(
                                    service,
                                    span.getName(),
                                    HEX.formatHex(span.getSpanId().toByteArray()),
                                    HEX.formatHex(span.getParentSpanId().toByteArray())));
                        }
                    }
                }
            }
        }
        return spans;
    }

    private static List<Exported> all(List<Exported> spans, String service, String name) {
        return spans.stream()
                .filter(s -> s.service().equals(service) && s.name().equals(name))
                .toList();
    }

    private static Exported one(List<Exported> spans, String service, String name) {
        List<Exported> found = all(spans, service, name);
        assertThat(found).as("%s spans of %s among %s", name, service, spans).hasSize(1);
        return found.getFirst();
    }

    /** The parent ids above {@code span}, nearest first, up to the first one not exported. */
    private static List<String> ancestors(List<Exported> spans, Exported span) {
        List<String> chain = new ArrayList<>();
        String parent = span.parent();
        while (!parent.isEmpty() && chain.size() < 10) {
            chain.add(parent);
            String id = parent;
            parent = spans.stream()
                    .filter(s -> s.id().equals(id))
                    .map(Exported::parent)
                    .findFirst()
                    .orElse("");
        }
        return chain;
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HEX.formatHex(random);
    }

    private static String[] concat(String[] first, String... rest) {
        String[] all = new String[first.length + rest.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        return all;
    }
}
