package dev.connectorjobs.api.dispatch;

import static dev.connectorjobs.testing.JobFixture.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.connectorjobs.api.ApiGatewayApplication;
import dev.connectorjobs.model.dispatch.Topics;
import dev.connectorjobs.model.job.JobStatus;
import dev.connectorjobs.testing.JobFixture;
import dev.connectorjobs.testing.TestDatabase;
import dev.connectorjobs.testing.TestInfrastructure;
import dev.connectorjobs.testing.TestKafka;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A confirmed job (QUEUED) whose record is not in Kafka, e.g. lost by the broker after it was
 * acknowledged, is published again once it has gone unclaimed for {@code republish-after}.
 */
class UnclaimedRepublishIntegrationTest {

    private static final String QUEUE = "republish";

    @Test
    void a_queued_job_whose_record_was_lost_is_published_again_after_republish_after() {
        JdbcTemplate jdbc = new JdbcTemplate(TestDatabase.get().dataSource());
        JobFixture lost = aJob().queue(QUEUE).status(JobStatus.QUEUED).insert();
        jdbc.update(
                "UPDATE jobs SET dispatch_after = NULL, published_at = now() - interval '1 minute',"
                        + " updated_at = now() - interval '1 minute' WHERE id = ?",
                lost.id());
        ConfigurableApplicationContext api = ApiGatewayApplication.application()
                .run(TestInfrastructure.springArgs("server.port=0", "jobs.api.dispatch.republish-after=6s"));
        try (KafkaConsumer<String, byte[]> consumer = TestKafka.consumer(Topics.queueTopic(QUEUE))) {
            Set<String> published = new HashSet<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    published.add(record.key());
                }
                return published.contains(lost.id().toString());
            });
            String status = jdbc.queryForObject("SELECT status FROM jobs WHERE id = ?", String.class, lost.id());
            assertThat(status)
                    .as("still confirmed; the claim of the new record starts it")
                    .isEqualTo("QUEUED");
        } finally {
            api.close();
        }
    }
}
