package dev.connectorjobs.worker.connector.jira;

import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.kit.ConnectorErrors;
import dev.connectorjobs.worker.connector.kit.Params;
import dev.connectorjobs.worker.connector.kit.VendorRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * {@code create_issue}: {@code POST /rest/api/3/issue} with the description in ADF, made safe to
 * retry. Jira has no idempotency key, so every issue carries the label {@code cj-<job id>} (and the
 * issue property {@value #PROPERTY}, which records the job for people and tools, and stays if
 * someone removes the label); before creating, the attempt looks for an issue with that label
 * ({@code GET /rest/api/3/search/jql}) and returns it with {@code "created": false} if one exists.
 *
 * <p>Residual risk: JQL search is eventually consistent, so an issue created moments ago may not be
 * found yet. If an attempt's create succeeded but its answer was lost (a timeout, a reset
 * connection) and the next attempt searches before the index has caught up, a second issue is
 * created. The job runner's retry delay makes this unlikely, not impossible; searching by the
 * property instead would need it indexed, which only a Connect or Forge app can declare.
 */
final class IssueCreator {

    static final String PROPERTY = "dev.connectorjobs.job";
    static final String DEFAULT_ISSUE_TYPE = "Task";

    private static final Logger log = LoggerFactory.getLogger(IssueCreator.class);
    private static final Pattern PROJECT_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,254}");
    private static final Pattern LABEL = Pattern.compile("\\S{1,255}");

    private final JiraApi api;

    IssueCreator(JiraApi api) {
        this.api = api;
    }

    /** The label that marks the issues of {@code job}. */
    static String token(JobContext job) {
        return "cj-" + job.jobId();
    }

    /** Runs one {@code create_issue} job: {@code {"id", "key", "self", "created"}}. */
    Map<String, Object> create(JobContext job) {
        Params params = Params.of(job);
        String project = params.string("project_key");
        if (!PROJECT_KEY.matcher(project).matches()) {
            throw invalid("project_key must be a project key such as OPS (a letter, then letters, digits or _)");
        }
        String summary = params.string("summary");
        String token = token(job);
        // built first: invalid params fail the job before any request
        Map<String, Object> body = body(params, project, summary, token, job);
        Optional<Map<String, Object>> earlier = find(project, token, job);
        if (earlier.isPresent()) {
            log.info(
                    "connector=jira operation=create_issue found issue {} from an earlier attempt",
                    earlier.get().get("key"));
            return earlier.get();
        }
        JsonNode created = api.site(VendorRequest.post("/rest/api/3/issue", body), "the created issue", job);
        Map<String, Object> result = issue(created, "the created issue (POST /rest/api/3/issue)", true);
        log.info("connector=jira operation=create_issue created issue {}", result.get("key"));
        return result;
    }

    private Optional<Map<String, Object>> find(String project, String token, JobContext job) {
        VendorRequest search = VendorRequest.get("/rest/api/3/search/jql")
                .withQuery("jql", "project = \"" + project + "\" AND labels = \"" + token + "\" ORDER BY created ASC")
                .withQuery("fields", "created")
                .withQuery("maxResults", "1");
        JsonNode answer = api.site(search, "the JQL search for " + token, job);
        JsonNode issues = answer.get("issues");
        if (issues == null || !issues.isArray()) {
            throw JiraApi.malformed(
                    "the JQL search for " + token + " (GET /rest/api/3/search/jql) has no 'issues' array");
        }
        if (issues.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                issue(issues.get(0), "the JQL search for " + token + " (GET /rest/api/3/search/jql)", false));
    }

    private static Map<String, Object> body(
            Params params, String project, String summary, String token, JobContext job) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("project", Map.of("key", project));
        fields.put("summary", summary);
        fields.put(
                "issuetype", Map.of("name", params.optionalString("issue_type").orElse(DEFAULT_ISSUE_TYPE)));
        params.optionalString("description").ifPresent(d -> fields.put("description", Adf.document(d)));
        params.optionalString("priority").ifPresent(p -> fields.put("priority", Map.of("name", p)));
        fields.put("labels", labels(params, token));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("fields", fields);
        body.put(
                "properties",
                List.of(Map.of(
                        "key",
                        PROPERTY,
                        "value",
                        Map.of("job_id", job.jobId().toString(), "correlation_id", job.correlationId()))));
        return body;
    }

    private static List<String> labels(Params params, String token) {
        List<String> labels = new ArrayList<>();
        for (String label : params.strings("labels")) {
            if (!LABEL.matcher(label).matches()) {
                throw invalid("labels must be strings of 1 to 255 characters without spaces");
            }
            labels.add(label);
        }
        labels.add(token);
        return labels;
    }

    private static Map<String, Object> issue(JsonNode node, String where, boolean created) {
        Map<String, Object> issue = new LinkedHashMap<>();
        for (String field : List.of("id", "key", "self")) {
            JsonNode value = node.get(field);
            if (value == null
                    || !value.isValueNode()
                    || value.isNull()
                    || value.asString().isEmpty()) {
                throw JiraApi.malformed(where + " has no '" + field + "'");
            }
            issue.put(field, value.asString());
        }
        issue.put("created", created);
        return issue;
    }

    private static ConnectorException invalid(String message) {
        return ConnectorErrors.invalidParams(JiraApi.CONNECTOR, message);
    }
}
