package dev.connectorjobs.api.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectorjobs.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/** The submissions' group commit: its queue and batches as metrics. */
class JobInsertsMetricsTest {

    private static final DataSource DB = TestDatabase.get().dataSource();

    @Test
    void the_queue_the_last_batch_and_the_batches_written_are_metrics_tagged_with_the_writer() {
        JobInserts inserts = new JobInserts(new JobRepository(
                JdbcClient.create(DB),
                new JdbcTemplate(DB),
                JsonMapper.builder().build()));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        inserts.bindTo(registry);

        assertThat(inserts.insert(job())).isTrue();

        assertThat(registry.get("jobs.group.commit.batches")
                        .tag("writer", "job-inserts")
                        .functionCounter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("jobs.group.commit.batch.size")
                        .tag("writer", "job-inserts")
                        .gauge()
                        .value())
                .isEqualTo(1);
        assertThat(registry.get("jobs.group.commit.queued")
                        .tag("writer", "job-inserts")
                        .gauge()
                        .value())
                .isZero();
    }

    private static NewJob job() {
        Instant now = Instant.now();
        return new NewJob(
                UUID.randomUUID(),
                new JobSubmission("diagnostics", "echo", Map.of("message", "hello"), 3, 60, "default", null, 5),
                "corr-" + UUID.randomUUID(),
                "client-1",
                null,
                "hash",
                now,
                now.plus(Duration.ofSeconds(5)));
    }
}
