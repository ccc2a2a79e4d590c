package dev.connectorjobs.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectorjobs.testing.TestDatabase;
import dev.connectorjobs.worker.breaker.Breakers;
import dev.connectorjobs.worker.database.DatabaseGuards;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The outcome writer's queue and batches as metrics. */
class OutcomeWriterMetricsTest {

    private static final String WORKER = "outcome-writer-metrics-test";
    private static final Clock CLOCK = Clock.systemUTC();

    @Test
    void the_queue_the_last_batch_and_the_batches_written_are_metrics_tagged_with_the_writer() {
        DataSource db = TestDatabase.get().dataSource();
        OutcomeWriter writer = new OutcomeWriter(
                new OutcomeRepository(
                        new JdbcTemplate(db), new TransactionTemplate(new DataSourceTransactionManager(db))),
                DatabaseGuards.guard(Breakers.registry(CLOCK, Map.of()), CLOCK));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        writer.bindTo(registry);
        ClaimedJob job = StartedJobs.startedJob(WORKER);

        assertThat(writer.write(OutcomeWrite.succeeded(job, WORKER, null, false, CLOCK.instant())))
                .isTrue();

        assertThat(registry.get("jobs.group.commit.batches")
                        .tag("writer", "outcome-writer")
                        .functionCounter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("jobs.group.commit.batch.size")
                        .tag("writer", "outcome-writer")
                        .gauge()
                        .value())
                .isEqualTo(1);
        assertThat(registry.get("jobs.group.commit.queued")
                        .tag("writer", "outcome-writer")
                        .gauge()
                        .value())
                .isZero();
    }
}
