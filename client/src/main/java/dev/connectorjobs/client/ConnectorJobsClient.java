package dev.connectorjobs.client;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The connector-jobs API from Java: submit jobs, read and await their status, list, revoke, re-drive,
 * manage recurring schedules, and operate the circuit breakers. Thread-safe; build one per base URL
 * and key and share it.
 *
 * <p>Every submit carries an {@code Idempotency-Key} (a new UUID unless given), reused on the
 * client's own retries, so a retry after a lost answer returns the task the first try created
 * instead of creating another. Errors are {@link ApiException} subtypes carrying the problem
 * document; 429 and 503 are retried after {@code Retry-After}, a bounded number of times.
 *
 * <p>Not here yet: re-driving a failed task ({@code retry}), whose endpoint does not exist yet.
 */
public final class ConnectorJobsClient {

    /** Most jobs one {@link #submitBatch} may carry (the server's default limit). */
    public static final int MAX_BATCH = 1000;

    private final Http http;
    private final Awaiter awaiter;
    private final AdminReads admin;
    private final Schedules schedules;
    private volatile boolean batchStatusUnsupported;

    ConnectorJobsClient(Http http) {
        this.http = http;
        this.awaiter = new Awaiter(http);
        this.admin = new AdminReads(http);
        this.schedules = new Schedules(http);
    }

    /** A client with the default settings; see {@link ClientBuilder} for the others. */
    public static ConnectorJobsClient create(String baseUrl, String apiKey) {
        return builder(baseUrl, apiKey).build();
    }

    /**
     * A builder of a client.
     *
     * @param baseUrl the api-gateway's URL, e.g. {@code http://127.0.0.1:8080}
     * @param apiKey the API key, sent as {@code Authorization: Bearer <key>}
     */
    public static ClientBuilder builder(String baseUrl, String apiKey) {
        return new ClientBuilder(baseUrl, apiKey);
    }

    /** Submits a job under a new idempotency key. */
    public Submitted submit(JobRequest job) {
        return submit(job, UUID.randomUUID().toString());
    }

    /**
     * Submits a job under the given idempotency key: the same key with the same request answers the
     * task created first ({@link Submitted#created()} false); with a different request it is a
     * {@link ValidationException}.
     *
     * @param idempotencyKey 1 to 255 printable ASCII characters without spaces
     */
    public Submitted submit(JobRequest job, String idempotencyKey) {
        Http.Answer answer = http.send(new Http.Call(
                "POST",
                "/api/v1/jobs",
                job,
                Map.of("Idempotency-Key", idempotencyKey),
                Http.Retry.SAFE,
                http.settings().requestTimeout()));
        return new Submitted(
                UUID.fromString(answer.body().path("task_id").asString()),
                answer.body().path("status").asString(),
                answer.status() == 202,
                idempotencyKey);
    }

    /**
     * Submits up to {@value #MAX_BATCH} jobs in one request, stored all together; invalid ones are
     * rejected individually. The batch endpoint takes no idempotency key, so this request is
     * retried only after a 429 (answered before anything is stored), never after a broken
     * connection: submit jobs one by one with {@link #submit(JobRequest, String)} when a repeat must
     * be safe.
     */
    public BatchSubmitted submitBatch(List<JobRequest> jobs) {
        if (jobs.isEmpty() || jobs.size() > MAX_BATCH) {
            throw new IllegalArgumentException(
                    "a batch holds 1 to " + MAX_BATCH + " jobs; was " + jobs.size() + "; split it");
        }
        Http.Answer answer = http.send(new Http.Call(
                "POST",
                "/api/v1/jobs:batch",
                Map.of("jobs", jobs),
                Map.of(),
                Http.Retry.RATE_LIMIT_ONLY,
                http.settings().requestTimeout()));
        return http.json().treeToValue(answer.body(), BatchSubmitted.class);
    }

    /** The task's status now. */
    public TaskStatus status(UUID id) {
        return http.json().treeToValue(get("/api/v1/admin/tasks/" + id + "/status"), TaskStatus.class);
    }

    /**
     * Waits until the task is SUCCESS, FAILURE or REVOKED and returns that status.
     *
     * @throws AwaitTimeoutException when {@code timeout} passes first (the task keeps running)
     */
    public TaskStatus await(UUID id, Duration timeout) {
        return await(id, http.clock().instant().plus(timeout));
    }

    /** As {@link #await(UUID, Duration)}, with an absolute deadline. */
    public TaskStatus await(UUID id, Instant deadline) {
        return awaiter.await(id, deadline);
    }

    /**
     * The status of many tasks in one request ({@code POST /api/v1/admin/tasks:status}); against a
     * server without that endpoint (404 or 405), one read per id.
     */
    public Statuses statuses(Collection<UUID> ids) {
        if (!batchStatusUnsupported) {
            try {
                Http.Answer answer = http.send(new Http.Call(
                        "POST",
                        "/api/v1/admin/tasks:status",
                        Map.of("ids", List.copyOf(ids)),
                        Map.of(),
                        Http.Retry.SAFE,
                        http.settings().requestTimeout()));
                return http.json().treeToValue(answer.body(), Statuses.class);
            } catch (ApiException e) {
                if (e.status() != 404 && e.status() != 405) {
                    throw e;
                }
                batchStatusUnsupported = true;
            }
        }
        List<TaskStatus> found = new ArrayList<>();
        List<UUID> missing = new ArrayList<>();
        for (UUID id : ids) {
            try {
                found.add(status(id));
            } catch (NotFoundException e) {
                missing.add(id);
            }
        }
        return new Statuses(List.copyOf(found), List.copyOf(missing));
    }

    /**
     * Revokes a task: it never runs again, and a running attempt is asked to stop.
     *
     * @param reason recorded with the task; may be null
     * @throws ConflictException when the task already finished
     */
    public Revoked revoke(UUID id, @Nullable String reason) {
        Http.Answer answer = http.send(new Http.Call(
                "POST",
                "/api/v1/admin/tasks/" + id + "/revoke",
                reason == null ? Map.of() : Map.of("reason", reason),
                Map.of(),
                Http.Retry.SAFE,
                http.settings().requestTimeout()));
        return http.json().treeToValue(answer.body(), Revoked.class);
    }

    /**
     * Re-drives a task that ended FAILURE (a poison task too) or REVOKED: a new attempt, its history
     * kept. Not retried after a broken connection (the server may have re-driven it already, and a
     * second call would answer 409): read the task's status to find out.
     *
     * @param maxRetries a new retry budget; null to keep the task's
     * @throws ConflictException when the task is SUCCESS (never re-driven: submit a new job) or has
     *     not ended; {@link ConflictException#currentStatus()} says which
     * @throws ForbiddenException when a USER key asks for another client's task
     */
    public Redriven retry(UUID id, @Nullable Integer maxRetries) {
        Http.Answer answer = http.send(new Http.Call(
                "POST",
                "/api/v1/admin/tasks/" + id + "/retry",
                maxRetries == null ? Map.of() : Map.of("max_retries", maxRetries),
                Map.of(),
                Http.Retry.RATE_LIMIT_ONLY,
                http.settings().requestTimeout()));
        return http.json().treeToValue(answer.body(), Redriven.class);
    }

    /** {@link #retry(UUID, Integer)} keeping the task's retry budget. */
    public Redriven retry(UUID id) {
        return retry(id, null);
    }

    /**
     * Re-drives every FAILURE or REVOKED task the filter matches (a USER key: only its own), in
     * bounded chunks on the server; answers how many were re-queued. Not retried after a broken
     * connection; a repeat is harmless (what was re-driven no longer matches), but may re-drive tasks
     * that failed again meanwhile.
     */
    public BulkRedriven retryAll(RedriveFilter filter) {
        Http.Answer answer = http.send(new Http.Call(
                "POST",
                "/api/v1/admin/tasks:retry",
                filter,
                Map.of(),
                Http.Retry.RATE_LIMIT_ONLY,
                http.settings().requestTimeout()));
        return http.json().treeToValue(answer.body(), BulkRedriven.class);
    }

    /** One page of a listing; pass the previous page's {@code nextCursor}, or null for the first. */
    public TaskPage listPage(TaskQuery query, @Nullable String cursor) {
        return http.json().treeToValue(get("/api/v1/admin/tasks" + query.queryString(cursor)), TaskPage.class);
    }

    /** Every task the query matches, newest first, fetching pages as the iterator advances. */
    public Iterator<TaskSummary> list(TaskQuery query) {
        return new TaskPages(cursor -> listPage(query, cursor));
    }

    /** {@link #list} as a sequential stream; limit it to read only the pages needed. */
    public Stream<TaskSummary> stream(TaskQuery query) {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(list(query), Spliterator.ORDERED), false);
    }

    /** The tasks running now, with their workers. */
    public List<ActiveTask> active() {
        return admin.active();
    }

    /** The workers known to the system, live or not. */
    public List<Worker> workers() {
        return admin.workers();
    }

    /** Every circuit breaker, as the live workers report it. */
    public List<Breaker> breakers() {
        return admin.breakers();
    }

    /** Sends a command to a breaker on every live worker (ADMIN keys only). */
    public BreakerCommandResult breaker(String service, BreakerAction action) {
        return admin.command(service, action);
    }

    /**
     * Creates a recurring schedule. Not repeated after a broken connection (the API takes no
     * idempotency key for it): list the schedules before creating it again.
     *
     * @throws ValidationException naming the fields that are wrong ({@code cron}, {@code
     *     time_zone}, {@code job.params.x}...)
     */
    public Schedule createSchedule(ScheduleRequest request) {
        return schedules.create(request);
    }

    /** One schedule. */
    public Schedule schedule(UUID id) {
        return schedules.get(id);
    }

    /**
     * Changes a schedule's fields: keys are the API's field names ({@code name}, {@code cron},
     * {@code time_zone}, {@code misfire_policy}, {@code job}, {@code paused}); {@code job} is
     * replaced whole.
     */
    public Schedule updateSchedule(UUID id, Map<String, ?> changes) {
        return schedules.update(id, changes);
    }

    /** Pauses a schedule: no tick runs until it is resumed, and the ticks in between are not made up. */
    public Schedule pauseSchedule(UUID id) {
        return schedules.pause(id);
    }

    /** Resumes a schedule at its first tick after now. */
    public Schedule resumeSchedule(UUID id) {
        return schedules.resume(id);
    }

    /** Deletes a schedule and its runs; the jobs it submitted stay. */
    public void deleteSchedule(UUID id) {
        schedules.delete(id);
    }

    /**
     * One page of the schedules the key may see (its own; every one for an ADMIN key).
     *
     * @param cursor the previous page's {@code nextCursor}, or null for the first
     * @param limit 1 to 500
     */
    public SchedulePage schedules(@Nullable String cursor, int limit) {
        return schedules.page(cursor, limit);
    }

    /**
     * One page of a schedule's runs, newest tick first.
     *
     * @param cursor the previous page's {@code nextCursor}, or null for the first
     * @param limit 1 to 500
     */
    public ScheduleRunPage scheduleRuns(UUID id, @Nullable String cursor, int limit) {
        return schedules.runs(id, cursor, limit);
    }

    private JsonNode get(String path) {
        return http.send(new Http.Call(
                        "GET",
                        path,
                        null,
                        Map.of(),
                        Http.Retry.SAFE,
                        http.settings().requestTimeout()))
                .body();
    }
}
