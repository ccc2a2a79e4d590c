package dev.connectorjobs.api.dispatch;

import static dev.connectorjobs.testing.JobFixture.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.connectorjobs.api.ApiGatewayApplication;
import dev.connectorjobs.model.job.JobStatus;
import dev.connectorjobs.testing.TestDatabase;
import dev.connectorjobs.testing.TestInfrastructure;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How the dispatcher refills a queue's window from the jobs that wait in PostgreSQL: the first pick
 * of a sweep takes whatever room there is, the picks after it in the same sweep only half a window
 * or more at once (a pick costs PostgreSQL a walk past the window's sent rows, so few large picks
 * cost less than many small ones).
 */
class WindowRefillIntegrationTest {

    private static final String QUEUE = "window-refill";

    @Test
    void after_the_first_pick_of_a_sweep_rows_are_taken_only_once_half_the_window_is_free() {
        JdbcTemplate jdbc = new JdbcTemplate(TestDatabase.get().dataSource());
        // A window of 10 (no live worker consumes the queue, so the minimum), 6 of it in Kafka.
        var sent = IntStream.range(0, 6)
                .mapToObj(i -> aJob().queue(QUEUE).status(JobStatus.QUEUED).insert())
                .toList();
        IntStream.range(0, 20)
                .forEach(i -> aJob().queue(QUEUE)
                        .status(JobStatus.PENDING)
                        .dispatchAfter(Instant.now().minusSeconds(1))
                        .insert());
        // No scheduled sweep runs during the test: each pick is the test's own.
        ConfigurableApplicationContext api = ApiGatewayApplication.application()
                .run(TestInfrastructure.springArgs(
                        "server.port=0",
                        "jobs.api.dispatch.window.minimum=10",
                        "jobs.api.dispatch.window.sweep-interval=1h"));
        try {
            OutboxDispatcher dispatcher = api.getBean(OutboxDispatcher.class);

            assertThat(dispatcher.sweepQueue(QUEUE, false))
                    .as("4 free of 10: less than half, and not the sweep's first pick")
                    .isEqualTo(new OutboxDispatcher.Pick(0, true, false));
            assertThat(waiting(jdbc)).isEqualTo(20);

            assertThat(dispatcher.sweepQueue(QUEUE, true))
                    .as("a sweep's first pick takes whatever room there is")
                    .isEqualTo(new OutboxDispatcher.Pick(4, false, true));
            assertThat(waiting(jdbc)).isEqualTo(16);

            // Workers claim the 6 sent first: 4 of 10 in Kafka now.
            sent.forEach(job -> jdbc.update("UPDATE jobs SET status = 'STARTED' WHERE id = ?", job.id()));
            assertThat(dispatcher.sweepQueue(QUEUE, false))
                    .as("6 free of 10: half the window or more is taken in one pick")
                    .isEqualTo(new OutboxDispatcher.Pick(6, false, true));
            assertThat(waiting(jdbc)).isEqualTo(10);
        } finally {
            api.close();
        }
    }

    private static int waiting(JdbcTemplate jdbc) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM jobs WHERE queue = ? AND status = 'PENDING' AND dispatch_after <= now()",
                Integer.class,
                QUEUE);
    }
}
