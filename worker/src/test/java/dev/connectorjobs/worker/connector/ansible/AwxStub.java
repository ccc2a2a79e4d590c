package dev.connectorjobs.worker.connector.ansible;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import tools.jackson.databind.json.JsonMapper;

/**
 * WireMock stubs that answer as AWX REST API v2 does: {@code Authorization: Bearer <token>} or 401
 * {@code {"detail": "Authentication credentials were not provided."}}; lists as {@code {count, next,
 * previous, results}} where {@code next} is relative ({@code /api/v2/hosts/?page=2&page_size=3}), as
 * AWX writes it, or absolute, as some proxies rewrite it; 201 {@code {"job": n, "ignored_fields": {}}}
 * for a launch; jobs with {@code status}, {@code failed}, {@code elapsed} and {@code extra_vars} as a
 * JSON string; 202 with no body for a cancel, 405 when the job can no longer be cancelled.
 */
final class AwxStub {

    static final String TOKEN = "awx-pat-9QmZ3x7Lr2VbKw";
    static final String USER = "svc-connector";
    static final String PASSWORD = "Tr0ub4dor&3-awx";
    static final String JSON = "application/json";
    static final int TEMPLATE = 7;

    private static final int AUTHENTICATED = 5;
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final WireMockServer server;

    AwxStub(WireMockServer server) {
        this.server = server;
        server.stubFor(any(anyUrl())
                .atPriority(AUTHENTICATED + 5)
                .willReturn(answer(401)
                        .withHeader("WWW-Authenticate", "Bearer realm=api authorization_url=/api/o/authorize/")
                        .withBody("{\"detail\":\"Authentication credentials were not provided.\"}")));
    }

    static ResponseDefinitionBuilder answer(int status) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", JSON)
                .withHeader("X-API-Product-Name", "AWX")
                .withHeader("X-API-Product-Version", "24.6.1");
    }

    static ResponseDefinitionBuilder ok(String body) {
        return answer(200).withBody(body);
    }

    static MappingBuilder authenticated(MappingBuilder request) {
        return request.withHeader("Authorization", equalTo("Bearer " + TOKEN)).atPriority(AUTHENTICATED);
    }

    static MappingBuilder hostsPage(String path, int page, int pageSize) {
        MappingBuilder request = authenticated(get(urlPathEqualTo(path)))
                .withQueryParam("page_size", equalTo(Integer.toString(pageSize)));
        return page == 1
                ? request.withQueryParam("page", absent())
                : request.withQueryParam("page", equalTo(Integer.toString(page)));
    }

    /** {@code count} hosts at {@code path}, {@code pageSize} a page; next links alternate relative and absolute. */
    void hosts(String path, int count, int pageSize) {
        int pages = Math.max(1, (count + pageSize - 1) / pageSize);
        for (int page = 1; page <= pages; page++) {
            int first = (page - 1) * pageSize + 1;
            int last = Math.min(count, page * pageSize);
            String next = page == pages
                    ? "null"
                    : "\"" + (page % 2 == 1 ? "" : server.baseUrl()) + path + "?order_by=id&page=" + (page + 1)
                            + "&page_size=" + pageSize + "\"";
            String results = first > last
                    ? ""
                    : IntStream.rangeClosed(first, last).mapToObj(AwxStub::host).collect(Collectors.joining(","));
            server.stubFor(hostsPage(path, page, pageSize)
                    .willReturn(ok("{\"count\":" + count + ",\"next\":" + next + ",\"previous\":null,\"results\":["
                            + results + "]}")));
        }
    }

    static String host(int n) {
        return """
                {"id":%d,"type":"host","url":"/api/v2/hosts/%d/","related":{"inventory":"/api/v2/inventories/2/"},\
                "summary_fields":{"inventory":{"id":2,"name":"Production","kind":"","has_active_failures":false},\
                "last_job":{"id":88,"name":"Patch","status":"successful","failed":false,\
                "finished":"2024-03-02T10:15:00.123456Z"}},"created":"2024-01-05T08:00:00.000000Z",\
                "modified":"2024-03-02T10:15:01.000000Z","name":"web-%02d.example.com","description":"",\
                "inventory":2,"enabled":true,"instance_id":"","variables":"ansible_host: 10.0.0.%d\\nansible_user: deploy",\
                "has_active_failures":false,"has_inventory_sources":false,"last_job":88,"last_job_host_summary":120,\
                "ansible_facts_modified":null}""".formatted(n, n, n, n);
    }

    static MappingBuilder launch() {
        return authenticated(post(urlPathEqualTo("/api/v2/job_templates/" + TEMPLATE + "/launch/")));
    }

    static ResponseDefinitionBuilder launched(long job) {
        return answer(201)
                .withBody(
                        "{\"job\":%d,\"ignored_fields\":{},\"id\":%d,\"type\":\"job\",\"url\":\"/api/v2/jobs/%d/\",\"status\":\"pending\",\"job_template\":%d}"
                                .formatted(job, job, job, TEMPLATE));
    }

    static MappingBuilder jobDetail(long job) {
        return authenticated(get(urlPathEqualTo("/api/v2/jobs/" + job + "/")));
    }

    static String job(long job, String status, double elapsed, String extraVars) {
        boolean failed = status.equals("failed") || status.equals("error");
        return ("{\"id\":%d,\"type\":\"job\",\"name\":\"Patch\",\"job_template\":%d,\"status\":\"%s\",\"failed\":%s,"
                        + "\"elapsed\":%s,\"job_explanation\":\"%s\",\"extra_vars\":%s,\"launch_type\":\"manual\","
                        + "\"created\":\"2024-03-02T10:00:00.000000Z\"}")
                .formatted(
                        job,
                        TEMPLATE,
                        status,
                        failed,
                        elapsed,
                        status.equals("error") ? "Task was marked as running but was not present in the job queue" : "",
                        MAPPER.writeValueAsString(extraVars));
    }

    /** Job {@code id} answers {@code statuses} in turn, the last one for ever after. */
    void jobRuns(long id, List<String> statuses) {
        for (int i = 0; i < statuses.size(); i++) {
            String state = i == 0 ? "Started" : "poll " + i;
            ScenarioMappingBuilder poll = jobDetail(id).inScenario("job " + id).whenScenarioStateIs(state);
            if (i + 1 < statuses.size()) {
                poll = poll.willSetStateTo("poll " + (i + 1));
            }
            server.stubFor(poll.willReturn(ok(job(id, statuses.get(i), 1.5 * i, "{}"))));
        }
    }

    /** Two pages of host summaries of job {@code id}: three hosts, one unreachable. */
    void hostSummaries(long id) {
        String path = "/api/v2/jobs/" + id + "/job_host_summaries/";
        server.stubFor(authenticated(get(urlPathEqualTo(path)))
                .willReturn(ok("{\"count\":3,\"next\":\"" + path
                        + "?page=2&page_size=2\",\"previous\":null,\"results\":[" + summary(1, "web-01", 5, 2, 0, 0, 1)
                        + "," + summary(2, "web-02", 5, 1, 0, 0, 1) + "]}")));
        server.stubFor(authenticated(get(urlPathEqualTo(path)))
                .withQueryParam("page", equalTo("2"))
                .atPriority(AUTHENTICATED - 1)
                .willReturn(ok("{\"count\":3,\"next\":null,\"previous\":\"" + path + "?page_size=2\",\"results\":["
                        + summary(3, "db-01", 0, 0, 0, 1, 0) + "]}")));
    }

    static String summary(int host, String name, int ok, int changed, int failures, int dark, int skipped) {
        return ("{\"id\":%d,\"type\":\"job_host_summary\",\"summary_fields\":{\"host\":{\"id\":%d,\"name\":\"%s\"}},"
                        + "\"host\":%d,\"host_name\":\"%s\",\"changed\":%d,\"dark\":%d,\"failures\":%d,\"ok\":%d,"
                        + "\"processed\":1,\"skipped\":%d,\"failed\":%s,\"ignored\":0,\"rescued\":0}")
                .formatted(host, host, name, host, name, changed, dark, failures, ok, skipped, failures + dark > 0);
    }

    static MappingBuilder cancel(long job) {
        return authenticated(post(urlPathEqualTo("/api/v2/jobs/" + job + "/cancel/")));
    }

    static MappingBuilder templateJobs() {
        return authenticated(get(urlPathEqualTo("/api/v2/job_templates/" + TEMPLATE + "/jobs/")))
                .withQueryParam("order_by", equalTo("-id"));
    }
}
