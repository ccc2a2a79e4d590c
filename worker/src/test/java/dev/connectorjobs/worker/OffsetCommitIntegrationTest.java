package dev.connectorjobs.worker;

import static dev.connectorjobs.testing.JobFixture.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.connectorjobs.testing.JobFixture;
import dev.connectorjobs.testing.JobRows;
import dev.connectorjobs.testing.TestInfrastructure;
import dev.connectorjobs.testing.TestKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Offsets committed at most every {@code jobs.worker.offset-commit-interval}: what a burst leaves
 * waiting goes once the consumer is idle, so a quiet worker's lag reads zero.
 */
class OffsetCommitIntegrationTest {

    private static final String QUEUE = "offsets";

    @Test
    void the_offsets_of_a_burst_that_waited_for_the_next_commit_go_when_the_worker_is_idle() throws Exception {
        try (ConfigurableApplicationContext worker = WorkerApplication.application()
                .run(TestInfrastructure.springArgs(
                        "server.port=0",
                        "jobs.worker.id=offsets-worker",
                        "jobs.worker.queues=" + QUEUE,
                        "jobs.worker.offset-commit-interval=3s"))) {
            // The first poll commits; the burst right after it is within the 3 s interval, so
            // its offsets wait, and no later record brings a commit that would cover them.
            JobFixture first = aJob().queue(QUEUE).insert().publish();
            awaitSuccess(first);
            List<JobFixture> burst = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                burst.add(aJob().queue(QUEUE).insert().publish());
            }
            burst.forEach(OffsetCommitIntegrationTest::awaitSuccess);
            String topic = first.record().topic();
            String group = worker.getEnvironment().getProperty("spring.kafka.consumer.group-id");

            try (Admin admin =
                    Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()))) {
                await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                            .partitionsToOffsetAndMetadata()
                            .get();
                    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                    admin.describeTopics(List.of(topic))
                            .allTopicNames()
                            .get()
                            .get(topic)
                            .partitions()
                            .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
                    admin.listOffsets(latest).all().get().forEach((partition, end) -> {
                        OffsetAndMetadata offset = committed.get(partition);
                        assertThat(offset == null ? 0 : offset.offset())
                                .as("committed offset of %s", partition)
                                .isEqualTo(end.offset());
                    });
                });
            }
        }
    }

    private static void awaitSuccess(JobFixture job) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> JobRows.job(job.id()).status().equals("SUCCESS"));
    }
}
