package dev.connectorjobs.api.job;

import static dev.connectorjobs.testing.JobFixture.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.connectorjobs.api.AdminApi;
import dev.connectorjobs.api.AdminApiTest;
import dev.connectorjobs.api.web.TooManyRequestsException;
import dev.connectorjobs.model.job.JobStatus;
import dev.connectorjobs.model.job.OutcomeNotifications;
import dev.connectorjobs.testing.JobFixture;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Long-polling status reads and the batch status read, over HTTP on real PostgreSQL: a waiting
 * request is answered when its job changes, not before, and with the status it has then.
 */
class StatusWaitIntegrationTest extends AdminApiTest {

    @Test
    void a_waiting_request_is_answered_when_its_job_finishes_and_not_before() throws Exception {
        JobFixture job = aJob().status(JobStatus.STARTED).insert();

        int before = waits().waiting();
        CompletableFuture<HttpResponse<String>> waiting =
                AdminApi.get().getAsync("/api/v1/admin/tasks/" + job.id() + "/status?wait=30s");
        // Several check intervals (50 ms) pass without a change: the request must still wait.
        staysWaiting(waiting, before);
        jdbc.update("UPDATE jobs SET status = 'SUCCESS', result = '{\"ok\": true}' WHERE id = ?", job.id());

        HttpResponse<String> answer = waiting.get(20, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode status = JSON.readTree(answer.body());
        assertThat(status.get("status").asString()).isEqualTo("SUCCESS");
        assertThat(status.get("result").get("ok").asBoolean()).isTrue();
    }

    @Test
    void a_workers_outcome_notification_wakes_a_check_at_once_which_answers_the_finished_job() throws Exception {
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        AdminApi.get().context().getBean(OutcomeListener.class).listening());
        JobFixture job = aJob().status(JobStatus.STARTED).insert();
        int before = waits().waiting();
        CompletableFuture<HttpResponse<String>> waiting =
                AdminApi.get().getAsync("/api/v1/admin/tasks/" + job.id() + "/status?wait=30s");
        staysWaiting(waiting, before);
        long wakes = waits().wakeCalls();

        // As a worker's outcome batch does: the update and the notification naming the job commit together.
        jdbc.execute("UPDATE jobs SET status = 'SUCCESS' WHERE id = '" + job.id() + "';" + " SELECT pg_notify('"
                + OutcomeNotifications.CHANNEL + "', '" + job.id() + "')");

        assertThat(JSON.readTree(waiting.get(20, TimeUnit.SECONDS).body())
                        .get("status")
                        .asString())
                .isEqualTo("SUCCESS");
        await().atMost(Duration.ofSeconds(20)).until(() -> waits().wakeCalls() > wakes);
    }

    @Test
    void without_since_status_a_request_waits_for_the_end_through_every_other_change() throws Exception {
        JobFixture job = aJob().status(JobStatus.QUEUED).insert();

        int before = waits().waiting();
        CompletableFuture<HttpResponse<String>> waiting =
                AdminApi.get().getAsync("/api/v1/admin/tasks/" + job.id() + "/status?wait=30s");
        staysWaiting(waiting, before);
        jdbc.update("UPDATE jobs SET status = 'STARTED', worker_id = 'w1', started_at = now() WHERE id = ?", job.id());
        staysWaiting(waiting, before); // STARTED is not the end
        jdbc.update("UPDATE jobs SET status = 'REVOKED', revoke_reason = 'not needed' WHERE id = ?", job.id());

        assertThat(JSON.readTree(waiting.get(20, TimeUnit.SECONDS).body())
                        .get("status")
                        .asString())
                .isEqualTo("REVOKED");
    }

    @Test
    void a_job_already_finished_is_answered_at_once_and_since_status_waits_for_a_change_only() throws Exception {
        JobFixture done = aJob().status(JobStatus.FAILURE).insert();
        JobFixture queued = aJob().status(JobStatus.QUEUED).insert();

        HttpResponse<String> finished = send("GET", "/api/v1/admin/tasks/" + done.id() + "/status?wait=30s", null);
        int before = waits().waiting();
        CompletableFuture<HttpResponse<String>> untilStarted =
                AdminApi.get().getAsync("/api/v1/admin/tasks/" + queued.id() + "/status?wait=30s&since_status=queued");
        staysWaiting(untilStarted, before);
        jdbc.update(
                "UPDATE jobs SET status = 'STARTED', worker_id = 'w1', started_at = now() WHERE id = ?", queued.id());

        assertThat(JSON.readTree(finished.body()).get("status").asString()).isEqualTo("FAILURE");
        assertThat(JSON.readTree(untilStarted.get(20, TimeUnit.SECONDS).body())
                        .get("status")
                        .asString())
                .isEqualTo("STARTED");
    }

    @Test
    void at_the_end_of_its_wait_a_request_gets_the_status_the_job_has_then() throws Exception {
        JobFixture job = aJob().status(JobStatus.STARTED).insert();

        HttpResponse<String> answer = send("GET", "/api/v1/admin/tasks/" + job.id() + "/status?wait=1", null);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(answer.body()).get("status").asString()).isEqualTo("STARTED");
    }

    @Test
    void a_wait_that_is_not_a_duration_or_too_long_an_unknown_since_status_and_an_unknown_task_are_refused()
            throws Exception {
        JobFixture job = aJob().insert();
        String status = "/api/v1/admin/tasks/" + job.id() + "/status";

        assertThat(send("GET", status + "?wait=forever", null).statusCode()).isEqualTo(400);
        assertThat(send("GET", status + "?wait=1h", null).statusCode()).isEqualTo(400);
        assertThat(send("GET", status + "?wait=-5s", null).statusCode()).isEqualTo(400);
        assertThat(send("GET", status + "?wait=5s&since_status=DONE", null).statusCode())
                .isEqualTo(400);
        HttpResponse<String> unknown =
                send("GET", "/api/v1/admin/tasks/" + UUID.randomUUID() + "/status?wait=5s", null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    }

    @Test
    void the_batch_read_answers_the_tasks_that_exist_and_names_the_missing_ones() throws Exception {
        JobFixture first = aJob().status(JobStatus.SUCCESS).insert();
        JobFixture second = aJob().status(JobStatus.QUEUED).insert();
        UUID missing = UUID.randomUUID();

        HttpResponse<String> answer = send(
                "POST",
                "/api/v1/admin/tasks:status",
                "{\"ids\": [\"" + first.id() + "\", \"" + missing + "\", \"" + second.id() + "\"]}");

        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.get("tasks")).hasSize(2);
        assertThat(body.get("tasks").get(0).get("task_id").asString())
                .isEqualTo(first.id().toString());
        assertThat(body.get("tasks").get(0).get("status").asString()).isEqualTo("SUCCESS");
        assertThat(body.get("tasks").get(1).get("status").asString()).isEqualTo("QUEUED");
        assertThat(body.get("missing").get(0).asString()).isEqualTo(missing.toString());
        assertThat(send("POST", "/api/v1/admin/tasks:status", "{\"ids\": []}", new String[0])
                        .statusCode())
                .isEqualTo(400);
        assertThat(send("POST", "/api/v1/admin/tasks:status", "{\"ids\": [\"not-a-uuid\"]}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(send("POST", "/api/v1/admin/tasks:status", "[1, 2]").statusCode())
                .isEqualTo(400);
    }

    @Test
    void past_the_cap_a_waiting_request_is_refused_with_a_retry_after() {
        JobRepository jobs = new JobRepository(JdbcClient.create(jdbc), jdbc, dev.connectorjobs.api.AdminApi.JSON);
        StatusWaits waits = new StatusWaits(
                jobs, new StatusWaitProperties(Duration.ofMillis(50), Duration.ofSeconds(60), 2), Clock.systemUTC());
        JobView running =
                jobs.find(aJob().status(JobStatus.STARTED).insert().id()).orElseThrow();

        waits.await(running, "STARTED", Duration.ofSeconds(30));
        waits.await(running, "STARTED", Duration.ofSeconds(30));

        assertThatThrownBy(() -> waits.await(running, "STARTED", Duration.ofSeconds(30)))
                .isInstanceOf(TooManyRequestsException.class)
                .hasMessageContaining("jobs.api.status-wait.max-waiting");
        assertThat(waits.waiting()).isEqualTo(2);
        assertThat(waits.await(running, "QUEUED", Duration.ofSeconds(30)).getResult())
                .as("a request its job already answers takes no place")
                .isEqualTo(running);
    }

    @Test
    void a_wake_that_names_jobs_reads_and_answers_only_those_and_one_that_names_none_checks_every_waiter() {
        JobRepository jobs = new JobRepository(JdbcClient.create(jdbc), jdbc, dev.connectorjobs.api.AdminApi.JSON);
        // Built by hand, without the periodic check: only wakes answer here.
        StatusWaits waits = new StatusWaits(
                jobs, new StatusWaitProperties(Duration.ofSeconds(5), Duration.ofSeconds(60), 10), Clock.systemUTC());
        JobFixture named = aJob().status(JobStatus.STARTED).insert();
        JobFixture other = aJob().status(JobStatus.STARTED).insert();
        var namedWait = waits.await(jobs.find(named.id()).orElseThrow(), null, Duration.ofSeconds(30));
        var otherWait = waits.await(jobs.find(other.id()).orElseThrow(), null, Duration.ofSeconds(30));
        jdbc.update("UPDATE jobs SET status = 'SUCCESS' WHERE id IN (?, ?)", named.id(), other.id());

        waits.wake(java.util.List.of(named.id(), UUID.randomUUID()));

        await().atMost(Duration.ofSeconds(10)).until(namedWait::hasResult);
        assertThat(((JobView) namedWait.getResult()).status()).isEqualTo("SUCCESS");
        // A job the notification did not name is not read: it stays unanswered.
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !otherWait.hasResult());

        waits.wake();

        await().atMost(Duration.ofSeconds(10)).until(otherWait::hasResult);
        assertThat(((JobView) otherWait.getResult()).status()).isEqualTo("SUCCESS");
        waits.destroy();
    }

    @Test
    void a_job_a_notification_names_is_answered_while_a_slow_periodic_check_still_runs() throws Exception {
        CountDownLatch inPeriodicRead = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // The periodic check's read of every waiter's status, held up as under a burst of new waits.
        JobRepository jobs = new JobRepository(JdbcClient.create(jdbc), jdbc, dev.connectorjobs.api.AdminApi.JSON) {
            @Override
            Map<UUID, String> statuses(Collection<UUID> ids) {
                inPeriodicRead.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.statuses(ids);
            }
        };
        StatusWaits waits = new StatusWaits(
                jobs, new StatusWaitProperties(Duration.ofSeconds(5), Duration.ofSeconds(60), 10), Clock.systemUTC());
        JobFixture job = aJob().status(JobStatus.STARTED).insert();
        var wait = waits.await(jobs.find(job.id()).orElseThrow(), null, Duration.ofSeconds(30));
        Thread periodic = Thread.ofPlatform().name("periodic-check").start(waits::check);
        try {
            assertThat(inPeriodicRead.await(10, TimeUnit.SECONDS)).isTrue();
            jdbc.update("UPDATE jobs SET status = 'SUCCESS' WHERE id = ?", job.id());

            waits.wake(List.of(job.id()));

            await().atMost(Duration.ofSeconds(10)).until(wait::hasResult);
            assertThat(((JobView) wait.getResult()).status()).isEqualTo("SUCCESS");
        } finally {
            release.countDown();
            periodic.join(Duration.ofSeconds(10));
            waits.destroy();
        }
    }

    @Test
    void a_revocation_notifies_the_job_so_a_request_waiting_for_it_is_woken() throws Exception {
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        AdminApi.get().context().getBean(OutcomeListener.class).listening());
        JobFixture job = aJob().status(JobStatus.QUEUED).insert();
        int before = waits().waiting();
        CompletableFuture<HttpResponse<String>> waiting =
                AdminApi.get().getAsync("/api/v1/admin/tasks/" + job.id() + "/status?wait=30s");
        staysWaiting(waiting, before);
        long wakes = waits().wakeCalls();

        assertThat(send("POST", "/api/v1/admin/tasks/" + job.id() + "/revoke", null)
                        .statusCode())
                .isEqualTo(200);

        assertThat(JSON.readTree(waiting.get(20, TimeUnit.SECONDS).body())
                        .get("status")
                        .asString())
                .isEqualTo("REVOKED");
        await().atMost(Duration.ofSeconds(20)).until(() -> waits().wakeCalls() > wakes);
    }

    private static StatusWaits waits() {
        return AdminApi.get().context().getBean(StatusWaits.class);
    }

    /**
     * Waits until the api-gateway holds {@code request} (more waiters than {@code before}), then
     * checks that it stays unanswered over several check intervals (50 ms each).
     */
    private static void staysWaiting(CompletableFuture<HttpResponse<String>> request, int before) {
        await().atMost(Duration.ofSeconds(10)).until(() -> waits().waiting() > before || request.isDone());
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(10)).until(() -> !request.isDone());
    }
}
