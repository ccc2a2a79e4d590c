package dev.connectorjobs.api.schedule;

import dev.connectorjobs.api.ApiGatewayApplication;
import dev.connectorjobs.testing.TestDatabase;
import dev.connectorjobs.testing.TestInfrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** An api-gateway of the schedule tests, an HTTP helper that sends a given key, and reads of the tables. */
final class ScheduleApi implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String ECHO_JOB = "{\"connector\":\"diagnostics\",\"operation\":\"echo\",\"params\":{\"x\":1}}";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final ConfigurableApplicationContext context;
    final String base;

    /** Starts an api-gateway with these extra properties (a free port is added). */
    ScheduleApi(String... properties) {
        String[] all = java.util.Arrays.copyOf(properties, properties.length + 1);
        all[properties.length] = "server.port=0";
        context = ApiGatewayApplication.application().run(TestInfrastructure.springArgs(all));
        base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
    }

    HttpResponse<String> send(String method, String path, @Nullable String key, @Nullable String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> admin(String method, String path, @Nullable String body) throws Exception {
        return send(method, path, TestInfrastructure.ADMIN_KEY, body);
    }

    static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    /** Creates a key with the admin key; returns its id and secret. */
    Key newKey(String name, String role) throws Exception {
        HttpResponse<String> created =
                admin("POST", "/api/v1/admin/api-keys", "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}");
        if (created.statusCode() != 201) {
            throw new IllegalStateException("could not create a key: " + created.body());
        }
        JsonNode body = json(created);
        return new Key(body.get("id").asString(), body.get("key").asString());
    }

    record Key(String id, String secret) {}

    /** A create body for a schedule with this name and cron expression and the echo job. */
    static String schedule(String name, String cron) {
        return "{\"name\":\"" + name + "\",\"cron\":\"" + cron + "\",\"job\":" + ECHO_JOB + "}";
    }

    static JdbcTemplate db() {
        return new JdbcTemplate(TestDatabase.get().dataSource());
    }

    /** A run row, as stored. */
    record Run(
            java.time.Instant scheduledAt,
            String outcome,
            @Nullable UUID jobId,
            int missedTicks) {}

    /** The runs of a schedule, oldest tick first. */
    static List<Run> runs(UUID scheduleId) {
        return db().query(
                        "SELECT scheduled_at, outcome, job_id, missed_ticks FROM schedule_runs WHERE schedule_id = ?"
                                + " ORDER BY scheduled_at",
                        (rs, n) -> new Run(
                                rs.getTimestamp("scheduled_at").toInstant(),
                                rs.getString("outcome"),
                                rs.getObject("job_id", UUID.class),
                                rs.getInt("missed_ticks")),
                        scheduleId);
    }

    /** Jobs the schedule submitted (their correlation ids name it). */
    static long jobsOf(UUID scheduleId) {
        Long n = db().queryForObject(
                        "SELECT count(*) FROM jobs WHERE correlation_id LIKE ?",
                        Long.class,
                        "schedule-" + scheduleId + "-%");
        return n == null ? 0 : n;
    }

    static long count(String sql, Object... args) {
        Long n = db().queryForObject(sql, Long.class, args);
        return n == null ? 0 : n;
    }

    @Override
    public void close() {
        context.close();
    }
}
