package dev.connectorjobs.worker.connector.splunk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Splunk's search job endpoints as Splunk answers them, with state, for {@code any(urlPathMatching(
 * "/services/search/jobs.*"))}: {@code POST /services/search/jobs} creates a job under the {@code id}
 * the form names (or one of Splunk's own shape) and answers 201 {@code {"sid"}}; {@code GET
 * .../jobs/{sid}?output_mode=json} answers the job's {@code entry[0].content}, {@code QUEUED}, then
 * {@code RUNNING} with growing {@code doneProgress} for as many polls as the job takes, then {@code
 * DONE} (or {@code FAILED} with its messages); {@code GET .../results?count=&offset=} answers 204
 * before the job is done and the slice of results after; {@code POST .../control action=cancel}
 * deletes the job, so every later request for it is a 404 {@code Unknown sid}. A request without the
 * {@code Authorization} Splunk accepts is a 401 {@code call not properly authenticated}. It also answers
 * {@code GET /services/server/info}.
 */
final class FakeSplunk implements ResponseDefinitionTransformerV2 {

    static final String NAME = "fake-splunk";

    private static final Pattern JOB = Pattern.compile("/services/search/jobs/([^/]+)(/results|/control)?");

    /** How the next created job behaves: how many polls until done, its results, or how it fails. */
    record Plan(int polls, List<String> results, String failure) {}

    /** One search job. */
    static final class Job {
        final String sid;
        final String search;
        final Plan plan;
        final AtomicInteger polls = new AtomicInteger();

        Job(String sid, String search, Plan plan) {
            this.sid = sid;
            this.search = search;
            this.plan = plan;
        }

        boolean done() {
            return polls.get() > plan.polls();
        }
    }

    private final List<String> authorizations;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final Deque<Plan> plans = new ArrayDeque<>();
    private final List<String> created = new CopyOnWriteArrayList<>();
    private final List<String> cancelled = new CopyOnWriteArrayList<>();
    private final AtomicInteger generated = new AtomicInteger(1_700_000_000);

    /** @param authorizations the {@code Authorization} headers Splunk accepts */
    FakeSplunk(String... authorizations) {
        this.authorizations = List.of(authorizations);
    }

    /** Forgets every job and plan. */
    synchronized void reset() {
        jobs.clear();
        plans.clear();
        created.clear();
        cancelled.clear();
    }

    /** The next job created runs for {@code polls} polls after the first and then has {@code results} (JSON objects). */
    synchronized void nextJob(int polls, String... results) {
        plans.add(new Plan(polls, List.of(results), ""));
    }

    /** The next job created fails after {@code polls} polls with {@code message} as its FATAL message. */
    synchronized void nextJobFails(int polls, String message) {
        plans.add(new Plan(polls, List.of(), message));
    }

    /** The sids of the jobs created, in order. */
    List<String> created() {
        return List.copyOf(created);
    }

    /** The sids of the jobs cancelled, in order. */
    List<String> cancelled() {
        return List.copyOf(cancelled);
    }

    /** Someone cancels job {@code sid} in Splunk: it is deleted. */
    void cancelInSplunk(String sid) {
        jobs.remove(sid);
    }

    /** The job {@code sid}, if Splunk still has it. */
    @Nullable
    Job job(String sid) {
        return jobs.get(sid);
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        LoggedRequest request = event.getRequest();
        if (!authorizations.contains(String.valueOf(request.getHeader("Authorization")))) {
            return messages(401, "WARN", "call not properly authenticated");
        }
        String path = request.getUrl().replaceFirst("\\?.*", "");
        String method = request.getMethod().getName();
        if (path.equals("/services/server/info")) {
            return json(
                    200,
                    "{\"links\":{},\"generator\":{\"build\":\"e9494146ae5c\",\"version\":\"9.4.1\"},\"entry\":[{"
                            + "\"name\":\"server-info\",\"content\":{\"serverName\":\"splunk-sh1\",\"version\":"
                            + "\"9.4.1\",\"build\":\"e9494146ae5c\",\"os_name\":\"Linux\",\"product_type\":"
                            + "\"enterprise\",\"server_roles\":[\"search_head\"]}}],\"paging\":{\"total\":1}}");
        }
        if (path.equals(SplunkSearch.JOBS) && method.equals("POST")) {
            return create(form(request.getBodyAsString()));
        }
        Matcher match = JOB.matcher(path);
        if (!match.matches()) {
            return messages(404, "ERROR", "Not Found");
        }
        Job job = jobs.get(match.group(1));
        if (job == null) {
            return messages(404, "ERROR", "Unknown sid.");
        }
        String part = match.group(2) == null ? "" : match.group(2);
        return switch (part) {
            case "/control" -> control(job, form(request.getBodyAsString()));
            case "/results" -> results(job, request);
            default -> status(job);
        };
    }

    private synchronized ResponseDefinition create(Map<String, String> form) {
        String search = form.getOrDefault("search", "");
        if (!search.startsWith("search ") && !search.startsWith("|")) {
            String command = search.split("[ =]", 2)[0];
            return messages(400, "FATAL", "Unknown search command '" + command + "'.");
        }
        if (search.contains("| badcommand")) {
            return messages(400, "FATAL", "Error in 'search' command: Unable to parse the search: unknown command.");
        }
        String sid = form.containsKey("id") ? form.get("id") : generated.incrementAndGet() + ".42";
        if (jobs.containsKey(sid)) {
            return messages(400, "FATAL", "Search ID '" + sid + "' is already in use.");
        }
        Plan plan = plans.isEmpty() ? new Plan(0, List.of(), "") : plans.poll();
        jobs.put(sid, new Job(sid, search, plan));
        created.add(sid);
        return json(201, "{\"sid\":\"" + sid + "\"}");
    }

    private ResponseDefinition status(Job job) {
        int poll = job.polls.getAndIncrement();
        Plan plan = job.plan;
        boolean failed = !plan.failure().isEmpty() && poll >= plan.polls();
        boolean done = !failed && poll >= plan.polls();
        String state = failed ? "FAILED" : done ? "DONE" : poll == 0 ? "QUEUED" : "RUNNING";
        double progress = done ? 1.0 : plan.polls() == 0 ? 0 : (double) poll / (plan.polls() + 1);
        String messages = failed
                ? "[{\"type\":\"FATAL\",\"text\":\"" + plan.failure() + "\"}]"
                : done
                        ? "[{\"type\":\"INFO\",\"text\":\"Your timerange was substituted based on your search string\"}]"
                        : "[]";
        return json(200, """
                {"links":{},"origin":"https://splunk.example.com:8089/services/search/jobs","updated":"2026-03-02T10:15:00+00:00",\
                "generator":{"build":"e9494146ae5c","version":"9.4.1"},"entry":[{"name":"%s","id":\
                "https://splunk.example.com:8089/services/search/jobs/%s","updated":"2026-03-02T10:15:00.123+00:00",\
                "links":{"alternate":"/services/search/jobs/%s","results":"/services/search/jobs/%s/results"},\
                "published":"2026-03-02T10:14:58.000+00:00","author":"svc-jobs","content":{"sid":"%s",\
                "dispatchState":"%s","doneProgress":%s,"isDone":%s,"isFailed":%s,"isFinalized":false,\
                "isPaused":false,"resultCount":%d,"eventCount":%d,"scanCount":1200,"runDuration":%s,\
                "earliestTime":"2026-03-01T10:15:00.000+00:00","messages":%s,"request":{"search":"%s"},\
                "ttl":600}}],"paging":{"total":1,"perPage":0,"offset":0}}""".formatted(
                        job.sid,
                        job.sid,
                        job.sid,
                        job.sid,
                        job.sid,
                        state,
                        progress,
                        done,
                        failed,
                        done ? plan.results().size() : 0,
                        done ? plan.results().size() : 0,
                        done ? "1.234" : "0.5",
                        messages,
                        job.search.replace("\"", "\\\"")));
    }

    private ResponseDefinition results(Job job, LoggedRequest request) {
        if (!job.done()) {
            return aResponse().withStatus(204).build();
        }
        int count = Integer.parseInt(request.queryParameter("count").firstValue());
        int offset = Integer.parseInt(request.queryParameter("offset").firstValue());
        List<String> all = job.plan.results();
        List<String> slice = all.subList(Math.min(offset, all.size()), Math.min(all.size(), offset + count));
        return json(
                200,
                "{\"preview\":false,\"init_offset\":" + offset + ",\"messages\":[],\"fields\":[{\"name\":\"host\"},"
                        + "{\"name\":\"count\"}],\"results\":[" + String.join(",", slice) + "],\"highlighted\":{}}");
    }

    private ResponseDefinition control(Job job, Map<String, String> form) {
        if (!"cancel".equals(form.get("action"))) {
            return messages(400, "ERROR", "Unknown action.");
        }
        jobs.remove(job.sid);
        cancelled.add(job.sid);
        return messages(200, "INFO", "Search job cancelled.");
    }

    static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            String[] parts = pair.split("=", 2);
            form.put(
                    URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                    parts.length < 2 ? "" : URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
        }
        return form;
    }

    static ResponseDefinition messages(int status, String type, String text) {
        return json(status, "{\"messages\":[{\"type\":\"" + type + "\",\"text\":\"" + text + "\"}]}");
    }

    static ResponseDefinition json(int status, String body) {
        return splunkd(status, body).build();
    }

    /** An answer of splunkd: JSON, with its {@code Server} header. */
    static ResponseDefinitionBuilder splunkd(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json; charset=UTF-8")
                .withHeader("Server", "Splunkd")
                .withBody(body);
    }

    /** {@code n} results of a {@code stats count by host}. */
    static String[] hostCounts(int n) {
        List<String> results = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            results.add("{\"host\":\"web-" + i + "\",\"count\":\"" + (i * 7) + "\"}");
        }
        return results.toArray(String[]::new);
    }
}
